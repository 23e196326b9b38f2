using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>How an agent run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentRunStatus>))]
public enum AgentRunStatus
{
    /// <summary>The model gave a final answer (and, for typed agents, a valid one).</summary>
    Completed,

    /// <summary>The run used all its iterations without a final answer.</summary>
    MaxIterationsReached,

    /// <summary>Too many turns in a row had only failing tool calls.</summary>
    TooManyConsecutiveErrors,

    /// <summary>The run's time limit passed.</summary>
    TimedOut,

    /// <summary>The token or money budget was used up.</summary>
    BudgetExceeded,

    /// <summary>The typed answer stayed invalid after every retry.</summary>
    InvalidOutput,

    /// <summary>The model call itself failed (the provider returned an error).</summary>
    ModelError,

    /// <summary>A plan's steps still failed after every revision (plan-and-execute runs).</summary>
    PlanStepsFailed,

    /// <summary>The work was not approved, so it did not run (plan-and-execute runs).</summary>
    Denied,

    /// <summary>A guardrail tripped: the run's reason names it and says why (an input was refused, an answer withheld, or a tool call stopped).</summary>
    GuardrailTripped,

    /// <summary>A run of several agents reached its limit on agent invocations or hand-offs (<see cref="AgentRunOptions.MaxAgentInvocations"/>).</summary>
    InvocationLimitReached,
}
