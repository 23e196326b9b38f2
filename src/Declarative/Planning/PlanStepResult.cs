namespace Declarative.Planning;

/// <summary>The outcome of one step.</summary>
public sealed class PlanStepResult
{
    internal PlanStepResult(PlanStep step) => Step = step;

    /// <summary>The step.</summary>
    public PlanStep Step { get; }

    /// <summary>The step's id.</summary>
    public string Id => Step.Id;

    /// <summary>What happened.</summary>
    public PlanStepStatus Status { get; internal set; }

    /// <summary>The tool's result when it ran (its value on success, its errors on failure).</summary>
    public ToolResult? Result { get; internal set; }

    /// <summary>The errors, when the step failed, timed out or was denied; paths are in the plan (<c>$.steps[1].arguments.x</c>).</summary>
    public IReadOnlyList<ToolError> Errors { get; internal set; } = [];

    /// <summary>Why the step did not succeed, in words.</summary>
    public string? Reason { get; internal set; }

    /// <summary>The arguments as passed to the tool, with references resolved.</summary>
    public string? Arguments { get; internal set; }

    /// <summary>Calls made (0 when it never ran; more than 1 for retried read-only tools).</summary>
    public int Attempts { get; internal set; }

    /// <summary>When it started, from the start of the plan.</summary>
    public TimeSpan StartOffset { get; internal set; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded => Status == PlanStepStatus.Succeeded;

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Step.Tool}): {Status}" + (Reason is null ? "" : " - " + Reason);
}
