using System.Text.Json;

namespace Declarative.Evaluation;

/// <summary>
/// A candidate eval against a baseline (last release's report, main's): which cases regressed (passed, now fail) and
/// which were fixed, the cases only one has, the pass-rate change with its confidence interval, and the changes in cost
/// and median latency. <see cref="IsSignificantRegression"/> is the gate CI uses: the interval lies wholly below 0.
/// </summary>
/// <remarks>
/// <para>The pass rates compared are over the cases both runs have, so adding or removing cases does not read as a
/// change in quality. A case passes when every one of its runs passed (<see cref="CaseResult.IsPassed"/>); with
/// repetitions, a case that went from always passing to sometimes failing is a regression.</para>
/// <para>The interval is Newcombe's hybrid score interval (<see cref="Proportions.NewcombeDifference"/>) at the
/// candidate's confidence level: with 20 cases, 18 passed and then 16 is a drop of 10 points whose interval still holds
/// 0 — not significant; a handful of cases cannot show a small regression, and this says so instead of guessing.</para>
/// </remarks>
/// <example>
/// <code>
/// var comparison = EvalComparison.Compare(EvalResultJson.Read(File.ReadAllText("baseline.json")), result);
/// if (comparison.IsSignificantRegression) return 2;
/// </code>
/// </example>
public sealed class EvalComparison
{
    /// <summary>The baseline's name.</summary>
    public required string Baseline { get; init; }

    /// <summary>The candidate's name.</summary>
    public required string Candidate { get; init; }

    /// <summary>The confidence level of <see cref="PassRateDeltaInterval"/> (the candidate's).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Cases both runs have.</summary>
    public int CommonCases { get; init; }

    /// <summary>The baseline's runs of the common cases.</summary>
    public int BaselineRuns { get; init; }

    /// <summary>Of them, passed.</summary>
    public int BaselinePassedRuns { get; init; }

    /// <summary>The candidate's runs of the common cases.</summary>
    public int CandidateRuns { get; init; }

    /// <summary>Of them, passed.</summary>
    public int CandidatePassedRuns { get; init; }

    /// <summary>The baseline's pass rate over the common cases' runs.</summary>
    public double BaselinePassRate { get; init; }

    /// <summary>The candidate's pass rate over the common cases' runs.</summary>
    public double CandidatePassRate { get; init; }

    /// <summary>Candidate minus baseline pass rate: negative is worse.</summary>
    public double PassRateDelta { get; init; }

    /// <summary>The delta's interval at <see cref="ConfidenceLevel"/>.</summary>
    public Interval PassRateDeltaInterval { get; init; }

    /// <summary>Whether the pass rate dropped beyond chance: the delta's interval lies wholly below 0.</summary>
    public bool IsSignificantRegression { get; init; }

    /// <summary>Whether it rose beyond chance: the interval lies wholly above 0.</summary>
    public bool IsSignificantImprovement { get; init; }

    /// <summary>Cases that passed in the baseline and fail in the candidate, in the candidate's order.</summary>
    public IReadOnlyList<CaseChange> Regressions { get; init; } = [];

    /// <summary>Cases that failed in the baseline and pass in the candidate, in the candidate's order.</summary>
    public IReadOnlyList<CaseChange> Fixes { get; init; } = [];

    /// <summary>Cases only the baseline has (removed or renamed), in its order.</summary>
    public IReadOnlyList<string> OnlyInBaseline { get; init; } = [];

    /// <summary>Cases only the candidate has (new), in its order.</summary>
    public IReadOnlyList<string> OnlyInCandidate { get; init; } = [];

    /// <summary>The baseline's cost (judges apart), or null when unpriced.</summary>
    public decimal? BaselineCost { get; init; }

    /// <summary>The candidate's cost, or null when unpriced.</summary>
    public decimal? CandidateCost { get; init; }

    /// <summary>Candidate minus baseline mean cost per run, or null when either is unpriced.</summary>
    public decimal? CostPerRunDelta { get; init; }

    /// <summary>The baseline's median run latency, in milliseconds.</summary>
    public double BaselineMedianLatencyMs { get; init; }

    /// <summary>The candidate's median run latency, in milliseconds.</summary>
    public double CandidateMedianLatencyMs { get; init; }

    /// <summary>Candidate minus baseline median latency, in milliseconds: positive is slower.</summary>
    public double MedianLatencyDeltaMs { get; init; }

    /// <summary>Compares a candidate's result with a baseline's.</summary>
    /// <param name="baseline">The result compared against.</param>
    /// <param name="candidate">The new result.</param>
    public static EvalComparison Compare(EvalResult baseline, EvalResult candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var before = new Dictionary<string, CaseResult>(StringComparer.Ordinal);
        foreach (var evalCase in baseline.Cases)
        {
            before.TryAdd(evalCase.Id, evalCase);
        }
        var regressions = new List<CaseChange>();
        var fixes = new List<CaseChange>();
        var onlyInCandidate = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int common = 0, baselineRuns = 0, baselinePassed = 0, candidateRuns = 0, candidatePassed = 0;
        foreach (var after in candidate.Cases)
        {
            if (!seen.Add(after.Id))
            {
                continue;
            }
            if (!before.TryGetValue(after.Id, out var old))
            {
                onlyInCandidate.Add(after.Id);
                continue;
            }
            common++;
            baselineRuns += old.Runs.Count;
            baselinePassed += Passed(old);
            candidateRuns += after.Runs.Count;
            candidatePassed += Passed(after);
            if (old.IsPassed && !after.IsPassed)
            {
                regressions.Add(CaseChange.Of(old, after));
            }
            else if (!old.IsPassed && after.IsPassed)
            {
                fixes.Add(CaseChange.Of(old, after));
            }
        }
        var onlyInBaseline = baseline.Cases.Select(c => c.Id).Where(id => !seen.Contains(id)).Distinct(StringComparer.Ordinal).ToList();

        var confidence = candidate.ConfidenceLevel is > 0 and < 1 ? candidate.ConfidenceLevel : 0.95;
        var interval = Proportions.NewcombeDifference(baselinePassed, baselineRuns, candidatePassed, candidateRuns, confidence);
        var baselineRate = Rate(baselinePassed, baselineRuns);
        var candidateRate = Rate(candidatePassed, candidateRuns);
        return new EvalComparison
        {
            Baseline = baseline.Name,
            Candidate = candidate.Name,
            ConfidenceLevel = confidence,
            CommonCases = common,
            BaselineRuns = baselineRuns,
            BaselinePassedRuns = baselinePassed,
            CandidateRuns = candidateRuns,
            CandidatePassedRuns = candidatePassed,
            BaselinePassRate = baselineRate,
            CandidatePassRate = candidateRate,
            PassRateDelta = candidateRate - baselineRate,
            PassRateDeltaInterval = interval,
            // Both runs must have something to compare: with no common case the interval is [-1, 1] anyway.
            IsSignificantRegression = common > 0 && interval.High < 0,
            IsSignificantImprovement = common > 0 && interval.Low > 0,
            Regressions = regressions,
            Fixes = fixes,
            OnlyInBaseline = onlyInBaseline,
            OnlyInCandidate = onlyInCandidate,
            BaselineCost = baseline.Summary.Cost,
            CandidateCost = candidate.Summary.Cost,
            CostPerRunDelta = PerRun(candidate) - PerRun(baseline),
            BaselineMedianLatencyMs = baseline.Summary.MedianLatencyMs,
            CandidateMedianLatencyMs = candidate.Summary.MedianLatencyMs,
            MedianLatencyDeltaMs = candidate.Summary.MedianLatencyMs - baseline.Summary.MedianLatencyMs,
        };
    }

    /// <summary>Writes the comparison as JSON (the report's conventions: camelCase, indented, nulls left out).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ComparisonJsonContext.Default.EvalComparison);

    /// <summary>Reads a comparison written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <exception cref="JsonException">The text is not a comparison.</exception>
    public static EvalComparison FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ComparisonJsonContext.Default.EvalComparison)
            ?? throw new JsonException("$: the JSON text is null, not a comparison.");
    }

    /// <inheritdoc/>
    public override string ToString()
        => FormattableString.Invariant(
            $"{Candidate} vs {Baseline}: pass rate {Percent.Of(CandidatePassRate)} vs {Percent.Of(BaselinePassRate)} ({Percent.Points(PassRateDelta)}, {ConfidenceLevel * 100:0.##}% interval {PassRateDeltaInterval}{(IsSignificantRegression ? ", a significant regression" : "")}); {Regressions.Count} regressed, {Fixes.Count} fixed");

    private static int Passed(CaseResult evalCase) => evalCase.Runs.Count(r => r.Passed);

    private static double Rate(int passed, int runs) => runs == 0 ? 0 : (double)passed / runs;

    private static decimal? PerRun(EvalResult result)
        => result.Summary.Cost is { } cost && result.Summary.Runs > 0 ? cost / result.Summary.Runs : null;
}
