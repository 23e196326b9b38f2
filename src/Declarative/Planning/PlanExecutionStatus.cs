using System.Text.Json.Serialization;

namespace Declarative.Planning;

/// <summary>How a plan's execution ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanExecutionStatus>))]
public enum PlanExecutionStatus
{
    /// <summary>Every step succeeded.</summary>
    Completed,

    /// <summary>At least one step did not succeed; see each step's status.</summary>
    Failed,

    /// <summary>The plan as a whole was not approved; nothing ran.</summary>
    Denied,
}
