namespace Declarative;

/// <summary>The end of a reflection round: whether the candidate was accepted, and what failed (<see cref="TraceStep.Iteration"/> is the round).</summary>
public sealed class ReflectionRoundStep : TraceStep
{
    /// <summary>Whether every check and every rubric criterion passed.</summary>
    public bool Accepted { get; init; }

    /// <summary>The names of the checks that failed.</summary>
    public IReadOnlyList<string> FailedChecks { get; init; } = [];

    /// <summary>The rubric criteria the critic failed.</summary>
    public IReadOnlyList<string> FailedCriteria { get; init; } = [];

    /// <summary>The revision request sent back to the producer, when the round failed and another followed.</summary>
    public string? Feedback { get; init; }
}
