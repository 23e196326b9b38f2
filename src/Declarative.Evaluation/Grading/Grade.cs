using Declarative.Reflection;

namespace Declarative.Evaluation;

/// <summary>One grader's verdict on one run (or on one step of it, for a component grader).</summary>
public sealed record Grade
{
    private static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <summary>The grader's name.</summary>
    public required string Grader { get; init; }

    /// <summary>The component graded (<see cref="Components"/>).</summary>
    public required string Component { get; init; }

    /// <summary>Whether it passed.</summary>
    public required bool Passed { get; init; }

    /// <summary>Why it failed (or a note when it passed).</summary>
    public string? Reason { get; init; }

    /// <summary>Where it failed, by JSON path into the graded value.</summary>
    public IReadOnlyList<ToolError> Findings { get; init; } = [];

    /// <summary>The graded step's <see cref="TraceNode.Order"/>, or null for a grade of the whole run.</summary>
    public int? StepOrder { get; init; }

    /// <summary>The graded step's <see cref="TraceNode.Path"/>, or null for a grade of the whole run.</summary>
    public string? StepPath { get; init; }

    /// <summary>A judge's criteria, each passed or failed with its reason.</summary>
    public IReadOnlyList<RubricItem> Criteria { get; init; } = [];

    /// <summary>A judge's own token usage, accounted apart from the run's.</summary>
    public UsageTotals? JudgeUsage { get; init; }

    /// <summary>A judge's own cost, accounted apart from the run's (null when unpriced or not a judge).</summary>
    public decimal? JudgeCost { get; init; }

    /// <summary>How long grading took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Numeric extras (an evaluator's scores, a similarity), by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = NoMetrics;

    /// <summary>A grade from a check result.</summary>
    /// <param name="grader">The grader's name.</param>
    /// <param name="component">The component.</param>
    /// <param name="result">The check's result.</param>
    /// <param name="node">The graded step, or null for the whole run.</param>
    public static Grade From(string grader, string component, CheckResult result, TraceNode? node = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Grade
        {
            Grader = grader,
            Component = component,
            Passed = result.IsPassed,
            Reason = result.Feedback,
            Findings = result.Findings,
            StepOrder = node?.Order,
            StepPath = node?.Path,
        };
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Grader} [{Component}{(StepPath is null ? "" : " at " + StepPath)}]: {(Passed ? "passed" : "failed")}{(Reason is null ? "" : " (" + Reason + ")")}";
}
