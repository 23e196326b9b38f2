namespace Declarative;

/// <summary>One step of a plan, executed (or skipped).</summary>
public sealed class PlanStepCall : TraceStep
{
    /// <summary>The step's id in the plan.</summary>
    public required string StepId { get; init; }

    /// <summary>The tool it called.</summary>
    public required string ToolName { get; init; }

    /// <summary>The arguments as passed, with references resolved; null when the step never got that far.</summary>
    public string? Arguments { get; init; }

    /// <summary>The result as JSON text, on success.</summary>
    public string? Result { get; init; }

    /// <summary>The errors, when it failed.</summary>
    public IReadOnlyList<ToolError> Errors { get; init; } = [];

    /// <summary>What happened.</summary>
    public Planning.PlanStepStatus Status { get; init; }

    /// <summary>How many times the tool was called (more than one only for retried read-only tools).</summary>
    public int Attempts { get; init; }

    /// <summary>The steps it waited for.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>The approval decision, for tools that require one.</summary>
    public bool? Approved { get; init; }

    /// <summary>Why it was skipped, denied or failed, in words.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// True when the step's tool has side effects (it is not <see cref="ToolAttribute.ReadOnly"/>) and
    /// <see cref="Planning.PlanExecutionOptions.SerializeSideEffects"/> (the default) ran it one at a
    /// time with the plan's other such steps, even where the plan would let them run together.
    /// <see cref="RunTrace.Summarize"/> says so ("serialised: side effects"). Omitted from the JSON when false.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool SerializedSideEffect { get; init; }
}
