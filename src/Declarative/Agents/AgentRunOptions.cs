namespace Declarative;

/// <summary>Limits, approvals and reporting for an agent run. Every limit ends the run with a status, never an exception.</summary>
public sealed record AgentRunOptions
{
    /// <summary>The defaults.</summary>
    public static AgentRunOptions Default { get; } = new();

    /// <summary>Most model turns. Default 10.</summary>
    public int MaxIterations { get; init; } = 10;

    /// <summary>Most turns in a row in which every tool call failed. Default 3.</summary>
    public int MaxConsecutiveErrors { get; init; } = 3;

    /// <summary>Time limit per tool call; the tool's token is cancelled and the model told. Default none.</summary>
    public TimeSpan? ToolTimeout { get; init; }

    /// <summary>Time limit for the whole run. Default none.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Token and money limits. Default none.</summary>
    public UsageBudget? Budget { get; init; }

    /// <summary>Prices per model, for costs in the trace and money budgets.</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>Decides on calls to approval-required tools. Without one, such calls are denied.</summary>
    public IToolApprovalHandler? ApprovalHandler { get; init; }

    /// <summary>How many times an invalid typed answer is sent back for correction. Default 2.</summary>
    public int MaxOutputRetries { get; init; } = 2;

    /// <summary>Most read-only tool calls run at once. Default 8.</summary>
    public int MaxParallelToolCalls { get; init; } = 8;

    /// <summary>Tool invocation limits (argument size, depth) and whether tool exception details reach the model.</summary>
    public ToolInvocationOptions ToolInvocation { get; init; } = ToolInvocationOptions.Default;

    /// <summary>
    /// Record message text, tool arguments and results on OpenTelemetry activities. Off by default:
    /// they may hold personal data. The run's own <see cref="RunTrace"/> always records them.
    /// </summary>
    public bool RecordContent { get; init; }

    /// <summary>
    /// Ask the provider for strict function calling (<c>ChatOptions.AdditionalProperties["strict"]</c>);
    /// tools with a strict schema variant send it, and JSON null for an optional argument then means
    /// "use the default". Off by default.
    /// </summary>
    public bool UseStrictToolSchemas { get; init; }

    /// <summary>Sampling temperature passed to the model, if set.</summary>
    public float? Temperature { get; init; }

    /// <summary>Longest answer per model call, if set.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// The clock for time limits and the trace's times. Default <see cref="TimeProvider.System"/>; tests
    /// pass a fake one (<c>Microsoft.Extensions.Time.Testing.FakeTimeProvider</c>) to drive time-outs
    /// without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Guardrails applied besides the agent's own (<see cref="Guardrails.IGuardedAgent"/>): input guardrails
    /// on the user's input, output guardrails on the answer, tool guardrails on each call before it runs.
    /// Default none.
    /// </summary>
    public IReadOnlyList<Guardrails.Guardrail> Guardrails { get; init; } = [];

    /// <summary>
    /// The most agent runs one run may start, across every nested specialist, stage, branch and turn (a guard against
    /// agents delegating in circles). Default 50.
    /// </summary>
    public int MaxAgentInvocations { get; init; } = 50;
}
