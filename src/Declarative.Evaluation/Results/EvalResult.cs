namespace Declarative.Evaluation;

/// <summary>
/// The outcome of an eval: every case's runs with their grades and traces, the summary, the error analysis and the
/// cost and latency per component. Everything a report shows is here; <see cref="EvalResultJson"/> writes it as JSON
/// (the schema is <c>docs/eval-report.schema.json</c>) and reads it back, e.g. as a baseline to compare with.
/// </summary>
public sealed class EvalResult
{
    /// <summary>The JSON schema's version, <c>declarative.eval/1</c>; a change that breaks readers changes it.</summary>
    public string SchemaVersion { get; init; } = EvalResultJson.SchemaVersion;

    /// <summary>The run's name (<see cref="EvalOptions.Name"/>, or the target's).</summary>
    public required string Name { get; init; }

    /// <summary>The target evaluated.</summary>
    public required string Target { get; init; }

    /// <summary>The dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>When the eval started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took, in milliseconds (wall clock, cases in parallel).</summary>
    public double DurationMs { get; init; }

    /// <summary>Runs per case.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>The confidence level of every interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The numbers.</summary>
    public required EvalSummary Summary { get; init; }

    /// <summary>Where the failures come from.</summary>
    public required ErrorAnalysis Errors { get; init; }

    /// <summary>Cost, latency and grades per component, from the traces; the run's own agent first.</summary>
    public required IReadOnlyList<ComponentCost> Costs { get; init; }

    /// <summary>The cases, in dataset order.</summary>
    public required IReadOnlyList<CaseResult> Cases { get; init; }
}

/// <summary>An eval's numbers.</summary>
public sealed class EvalSummary
{
    /// <summary>Cases in the dataset.</summary>
    public int Cases { get; init; }

    /// <summary>Cases whose every run passed.</summary>
    public int PassedCases { get; init; }

    /// <summary>Cases with some runs passed and some failed.</summary>
    public int FlakyCases { get; init; }

    /// <summary>Runs: cases × repetitions.</summary>
    public int Runs { get; init; }

    /// <summary>Runs that passed every grade.</summary>
    public int PassedRuns { get; init; }

    /// <summary>Passed runs over runs.</summary>
    public double PassRate { get; init; }

    /// <summary>The pass rate's Wilson interval at <see cref="EvalResult.ConfidenceLevel"/>.</summary>
    public Interval Interval { get; init; }

    /// <summary>What the runs cost (judges apart), or null when some model had no price.</summary>
    public decimal? Cost { get; init; }

    /// <summary>What the judges cost, or null when unpriced or there were no judges.</summary>
    public decimal? JudgeCost { get; init; }

    /// <summary>The runs' token usage (judges apart).</summary>
    public UsageTotals Usage { get; init; }

    /// <summary>The judges' token usage.</summary>
    public UsageTotals JudgeUsage { get; init; }

    /// <summary>Model calls answered by the response cache.</summary>
    public int CacheHits { get; init; }

    /// <summary>Model calls that went to the model (and were stored, when the cache writes).</summary>
    public int CacheMisses { get; init; }

    /// <summary>The median run's latency, in milliseconds.</summary>
    public double MedianLatencyMs { get; init; }

    /// <summary>The 95th-percentile run latency, in milliseconds.</summary>
    public double P95LatencyMs { get; init; }
}

/// <summary>One case's runs.</summary>
public sealed class CaseResult
{
    /// <summary>The case's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Its line in the dataset, 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>The input's JSON, when the dataset wrote one.</summary>
    public string? Input { get; init; }

    /// <summary>The expected answer's JSON, when the case has one.</summary>
    public string? Expected { get; init; }

    /// <summary>Its runs, by repetition.</summary>
    public required IReadOnlyList<CaseRun> Runs { get; init; }

    /// <summary>Runs that passed.</summary>
    public int PassedRuns { get; init; }

    /// <summary>Passed runs over runs.</summary>
    public double PassRate { get; init; }

    /// <summary>The pass rate's Wilson interval.</summary>
    public Interval Interval { get; init; }

    /// <summary>Whether every run passed.</summary>
    public bool IsPassed { get; init; }

    /// <summary>Whether some runs passed and some failed.</summary>
    public bool IsFlaky { get; init; }
}

/// <summary>One run of one case: its grades, where it first failed, and what it cost.</summary>
public sealed class CaseRun
{
    /// <summary>The repetition, from 1.</summary>
    public int Repetition { get; init; }

    /// <summary>Whether every grade passed.</summary>
    public bool Passed { get; init; }

    /// <summary>The component that failed first in trace order (component graders by their step; end-to-end failures after them), or null when it passed.</summary>
    public string? FailedComponent { get; init; }

    /// <summary>The grades, in grader order.</summary>
    public IReadOnlyList<Grade> Grades { get; init; } = [];

    /// <summary>How the run ended.</summary>
    public string? Status { get; init; }

    /// <summary>Why it ended, when it did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>The target's or a grader's exception, when one threw (the run then fails; the eval goes on).</summary>
    public string? Error { get; init; }

    /// <summary>The answer's text.</summary>
    public string? Text { get; init; }

    /// <summary>The run's trace.</summary>
    public required RunTrace Trace { get; init; }

    /// <summary>How long the run took, in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>What the run cost (judges apart), or null when unpriced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The run's token usage.</summary>
    public UsageTotals Usage { get; init; }

    /// <summary>What its judges cost.</summary>
    public decimal? JudgeCost { get; init; }

    /// <summary>Its judges' token usage.</summary>
    public UsageTotals JudgeUsage { get; init; }

    /// <summary>Model calls answered by the response cache (the judges' included).</summary>
    public int CacheHits { get; init; }

    /// <summary>Model calls that went to the model.</summary>
    public int CacheMisses { get; init; }

    /// <summary>Model calls retried after a transient error.</summary>
    public int Retries { get; init; }
}

/// <summary>Where an eval's failures come from: per component, and per tag.</summary>
public sealed class ErrorAnalysis
{
    /// <summary>Components with failures, the most first failures first.</summary>
    public IReadOnlyList<ComponentFailures> Components { get; init; } = [];

    /// <summary>The same per tag, tags in order.</summary>
    public IReadOnlyList<TagFailures> ByTag { get; init; } = [];
}

/// <summary>One component's failures.</summary>
public sealed class ComponentFailures
{
    /// <summary>The component.</summary>
    public required string Component { get; init; }

    /// <summary>Failed runs whose first failure (in trace order) is here: the number to act on.</summary>
    public int FirstFailures { get; init; }

    /// <summary>Failed grades here, first or not.</summary>
    public int Failures { get; init; }

    /// <summary>Up to five cases that first failed here (or failed here), in dataset order.</summary>
    public IReadOnlyList<string> ExampleCaseIds { get; init; } = [];
}

/// <summary>The error analysis of the cases with one tag.</summary>
public sealed class TagFailures
{
    /// <summary>The tag.</summary>
    public required string Tag { get; init; }

    /// <summary>Runs of cases with the tag.</summary>
    public int Runs { get; init; }

    /// <summary>Of them, passed.</summary>
    public int PassedRuns { get; init; }

    /// <summary>The tag's pass rate.</summary>
    public double PassRate { get; init; }

    /// <summary>Its components with failures.</summary>
    public IReadOnlyList<ComponentFailures> Components { get; init; } = [];
}

/// <summary>One component's share of the runs: steps, latency, cost, and how its grades went.</summary>
public sealed class ComponentCost
{
    /// <summary>The component.</summary>
    public required string Component { get; init; }

    /// <summary>Its steps over all runs (model calls for an agent; calls for a tool).</summary>
    public int Steps { get; init; }

    /// <summary>Its time over all runs, in milliseconds (summed; parallel steps overlap).</summary>
    public double LatencyMs { get; init; }

    /// <summary>Its model cost over all runs (an agent's own calls; tools cost nothing), or null when unpriced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>Its token usage over all runs.</summary>
    public UsageTotals Usage { get; init; }

    /// <summary>Grades given to it.</summary>
    public int Graded { get; init; }

    /// <summary>Of them, failed.</summary>
    public int Failed { get; init; }

    /// <summary>Passed grades over grades (1 when ungraded).</summary>
    public double PassRate => Graded == 0 ? 1 : (double)(Graded - Failed) / Graded;
}
