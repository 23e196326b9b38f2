namespace Declarative.Streaming;

/// <summary>
/// The model asked for a tool call. Reported for every call of a turn, in the order asked, before any of
/// them runs; the call may still be refused (unknown tool), denied or fail, which its
/// <see cref="ToolCallFinished"/> says.
/// </summary>
public sealed record ToolCallRequested : AgentRunUpdate
{
    private readonly Microsoft.Extensions.AI.FunctionCallContent _call;
    private string? _arguments;

    internal ToolCallRequested(int iteration, Microsoft.Extensions.AI.FunctionCallContent call)
        : base(iteration, -1)
        => _call = call;

    /// <summary>The model's id for the call.</summary>
    public string CallId => _call.CallId;

    /// <summary>The tool the model named.</summary>
    public string ToolName => _call.Name;

    /// <summary>The arguments as JSON text, as the model sent them (written when first read: most consumers show only the tool's name).</summary>
    public string Arguments => _arguments ??= RunUpdateSink.ArgumentsText(_call);
}

/// <summary>A tool call starts running (after its approval, and after the calls it must wait for).</summary>
public sealed record ToolCallStarted : AgentRunUpdate
{
    internal ToolCallStarted(int iteration, int stepIndex, string callId, string toolName)
        : base(iteration, stepIndex)
    {
        CallId = callId;
        ToolName = toolName;
    }

    /// <summary>The model's id for the call.</summary>
    public string CallId { get; }

    /// <summary>The tool.</summary>
    public string ToolName { get; }
}

/// <summary>
/// A tool call ended: with its result, or with its errors (failed, timed out, refused, denied, cancelled).
/// A call that never ran (refused or denied) has no <see cref="ToolCallStarted"/> before this.
/// </summary>
public sealed record ToolCallFinished : AgentRunUpdate
{
    internal ToolCallFinished(ToolCallStep step)
        : base(step.Iteration, step.Index)
        => Step = step;

    /// <summary>The step, as the final trace holds it (arguments, result or errors, duration, approval).</summary>
    public ToolCallStep Step { get; }

    /// <summary>The model's id for the call.</summary>
    public string CallId => Step.CallId;

    /// <summary>The tool.</summary>
    public string ToolName => Step.ToolName;

    /// <summary>What happened.</summary>
    public ToolCallOutcome Outcome => Step.Outcome;

    /// <summary>The result as JSON text, on success.</summary>
    public string? Result => Step.Result;

    /// <summary>The errors, when it did not succeed.</summary>
    public IReadOnlyList<ToolError> Errors => Step.Errors;
}
