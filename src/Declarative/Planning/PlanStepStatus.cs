using System.Text.Json.Serialization;

namespace Declarative.Planning;

/// <summary>What happened to one step of a plan.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanStepStatus>))]
public enum PlanStepStatus
{
    /// <summary>Not run yet (only seen while a plan is running).</summary>
    Pending,

    /// <summary>The tool ran and returned a result.</summary>
    Succeeded,

    /// <summary>The tool failed, its arguments were refused, or a reference could not be resolved.</summary>
    Failed,

    /// <summary>The tool ran past the step time limit and was cancelled.</summary>
    TimedOut,

    /// <summary>Approval was denied (or there was no one to ask); the tool did not run.</summary>
    Denied,

    /// <summary>Not run, because a step it depends on did not succeed (or the plan stopped early).</summary>
    Skipped,

    /// <summary>Stopped while running, because another step failed under <see cref="PlanExecutionOptions.FailFast"/>.</summary>
    Cancelled,
}
