namespace Declarative;

/// <summary>One check of a candidate answer in a reflection round (<see cref="TraceStep.Iteration"/> is the round).</summary>
public sealed class CheckStep : TraceStep
{
    /// <summary>The check's name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the candidate passed.</summary>
    public bool Passed { get; init; }

    /// <summary>What the check told the producer, when it failed.</summary>
    public string? Feedback { get; init; }

    /// <summary>Where in the answer it failed, each with its JSON path.</summary>
    public IReadOnlyList<ToolError> Findings { get; init; } = [];
}
