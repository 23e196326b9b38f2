namespace Declarative.Evaluation;

/// <summary>
/// One case of a dataset: an input for the target, optionally the expected answer (typed, and as written) or a
/// reference answer in words for a judge, and tags that group cases in the error analysis.
/// </summary>
/// <typeparam name="TInput">The target's input type (<see cref="string"/> for an agent that takes text).</typeparam>
/// <typeparam name="TOutput">The target's answer type (<see cref="string"/> for an agent that answers in text).</typeparam>
public sealed record EvalCase<TInput, TOutput>
{
    /// <summary>The case's id, unique in its dataset; reports and comparisons match cases by it.</summary>
    public required string Id { get; init; }

    /// <summary>The input given to the target.</summary>
    public required TInput Input { get; init; }

    /// <summary>The input's JSON exactly as the dataset wrote it, or null for a case built in code.</summary>
    public string? InputJson { get; init; }

    /// <summary>The expected answer, when the case has one (<see cref="HasExpected"/>).</summary>
    public TOutput? Expected { get; init; }

    /// <summary>Whether the case gives an expected answer.</summary>
    public bool HasExpected { get; init; }

    /// <summary>The expected answer's JSON as the dataset wrote it, or null.</summary>
    public string? ExpectedJson { get; init; }

    /// <summary>A reference answer in words, for judges; null when the case has none.</summary>
    public string? Reference { get; init; }

    /// <summary>The case's tags (<c>hard</c>, <c>pricing</c>): the error analysis is also broken down by tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The case's line in its JSONL file, from 1; 0 for a case built in code.</summary>
    public int Line { get; init; }
}
