using System.Text.Json.Serialization;

namespace Declarative.Planning;

/// <summary>How a plan-and-execute run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanRunStatus>))]
public enum PlanRunStatus
{
    /// <summary>A plan ran to the end (and, when asked, the model composed the answer).</summary>
    Completed,

    /// <summary>The model's plan stayed invalid after every repair.</summary>
    InvalidPlan,

    /// <summary>Steps still failed after every revision; the partial results are in the result.</summary>
    StepsFailed,

    /// <summary>The plan was not approved.</summary>
    Denied,

    /// <summary>The model call failed.</summary>
    ModelError,

    /// <summary>The token or money budget was used up.</summary>
    BudgetExceeded,

    /// <summary>The run took longer than <see cref="PlanRunOptions.RunTimeout"/>; what ran so far is in the result.</summary>
    TimedOut,
}
