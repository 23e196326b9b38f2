namespace Declarative;

/// <summary>
/// One agent run inside a larger run: a specialist called by its manager (then it is the
/// <see cref="ToolCallStep.Agent"/> of the manager's tool call), or a participant of a composition (a step of
/// the composition's trace). It holds the agent's own steps, so a trace is a tree: run, agent invocations,
/// their model and tool calls.
/// </summary>
/// <remarks><see cref="Usage"/> and <see cref="Cost"/> include the agent's own nested invocations; <see cref="RunTrace.AgentTotals"/> splits them per agent.</remarks>
public sealed class AgentInvocationStep : TraceStep
{
    /// <summary>The agent's name in the run: its participant name (a <c>[UseAgent("name")]</c>, else the agent's own).</summary>
    public required string AgentName { get; init; }

    /// <summary>The manager's tool call that delegated to it, or null for a composition's participant.</summary>
    public string? CallId { get; init; }

    /// <summary>How its run ended.</summary>
    public AgentRunStatus Status { get; init; }

    /// <summary>Why, in words (null when it completed).</summary>
    public string? Reason { get; init; }

    /// <summary>The message it was given (its input, rendered for the model).</summary>
    public string? Input { get; init; }

    /// <summary>Its answer's text (the typed answer's JSON), or null when it did not answer.</summary>
    public string? Text { get; init; }

    /// <summary>Its steps, in the order they started (indexes from 0 within this invocation).</summary>
    public IReadOnlyList<TraceStep> Steps { get; init; } = [];

    /// <summary>Token usage of its model calls, its nested agents' included.</summary>
    public UsageTotals Usage { get; init; } = UsageTotals.Zero;

    /// <summary>The cost of its model calls (its nested agents' included), or null when some model had no price.</summary>
    public decimal? Cost { get; init; }
}
