using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>A check of the model's typed output against the output schema.</summary>
public sealed class OutputValidationStep : TraceStep
{
    /// <summary>The text the model answered with.</summary>
    public string? Text { get; init; }

    /// <summary>The errors found; empty when valid.</summary>
    public IReadOnlyList<ToolError> Errors { get; init; } = [];

    /// <summary>Whether the output was valid.</summary>
    [JsonIgnore]
    public bool IsValid => Errors.Count == 0;
}
