using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>A check of a plan the model wrote, before any of it ran.</summary>
public sealed class PlanValidationStep : TraceStep
{
    /// <summary>The plan text as the model wrote it.</summary>
    public string? Plan { get; init; }

    /// <summary>The errors found, each with its path in the plan; empty when valid.</summary>
    public IReadOnlyList<ToolError> Errors { get; init; } = [];

    /// <summary>Whether the plan was accepted.</summary>
    [JsonIgnore]
    public bool IsValid => Errors.Count == 0;
}
