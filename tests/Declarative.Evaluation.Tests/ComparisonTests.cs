namespace Declarative.Evaluation.Tests;

public sealed class ComparisonTests
{
    // A result with the given cases, each its runs' outcomes; a failed run failed at "tool:get_price" with a reason.
    internal static EvalResult Result(string name, IEnumerable<(string Id, bool[] Runs)> cases, decimal? cost = null, double medianMs = 0, double confidence = 0.95)
    {
        var list = cases.Select(c => new CaseResult
        {
            Id = c.Id,
            Runs = c.Runs.Select((passed, i) => new CaseRun
            {
                Repetition = i + 1,
                Passed = passed,
                FailedComponent = passed ? null : "tool:get_price",
                Grades = [new Grade { Grader = "price", Component = "tool:get_price", Passed = passed, Reason = passed ? null : "priced the wrong item" }],
                Trace = new RunTrace { AgentName = "QuoteAgent" },
            }).ToList(),
            PassedRuns = c.Runs.Count(r => r),
            PassRate = (double)c.Runs.Count(r => r) / c.Runs.Length,
            IsPassed = c.Runs.All(r => r),
            IsFlaky = c.Runs.Any(r => r) && !c.Runs.All(r => r),
        }).ToList();
        var runs = list.Sum(c => c.Runs.Count);
        var passedRuns = list.Sum(c => c.PassedRuns);
        return new EvalResult
        {
            Name = name,
            Target = "QuoteAgent",
            Dataset = "quotes",
            ConfidenceLevel = confidence,
            Cases = list,
            Summary = new EvalSummary
            {
                Cases = list.Count,
                PassedCases = list.Count(c => c.IsPassed),
                Runs = runs,
                PassedRuns = passedRuns,
                PassRate = runs == 0 ? 0 : (double)passedRuns / runs,
                Interval = Proportions.Wilson(passedRuns, runs, confidence),
                Cost = cost,
                MedianLatencyMs = medianMs,
            },
            Errors = new ErrorAnalysis(),
            Costs = [],
        };
    }

    // n cases named prefix0..prefix(n-1), the first `passed` of them passing.
    internal static IEnumerable<(string Id, bool[] Runs)> Cases(string prefix, int n, int passed)
        => Enumerable.Range(0, n).Select(i => (prefix + i, new[] { i < passed }));

    [Fact]
    public void The_pass_rate_delta_has_newcombes_interval_known_values()
    {
        // Newcombe (1998), Statistics in Medicine 17:873, table II, example (a): 56/70 against 48/80, method 10 gives
        // a difference of 0.2000 with the 95% interval 0.0524 to 0.3339.
        var better = EvalComparison.Compare(Result("old", Cases("c", 80, 48)), Result("new", Cases("c", 70, 56)));
        // Only common cases are compared: here the first 70, of which the baseline passed 48.
        Assert.Equal(70, better.CommonCases);
        Assert.Equal(["c70", "c71", "c72", "c73", "c74", "c75", "c76", "c77", "c78", "c79"], better.OnlyInBaseline);

        var baseline = Result("old", Cases("b", 80, 48));
        var candidate = Result("new", Cases("c", 70, 56));
        var disjoint = EvalComparison.Compare(baseline, candidate);
        Assert.Equal(0, disjoint.CommonCases);
        Assert.False(disjoint.IsSignificantRegression);

        var up = Compare(48, 80, 56, 70);
        Assert.Equal(0.2000, up.PassRateDelta, 4);
        Assert.Equal(0.0524, up.PassRateDeltaInterval.Low, 4);
        Assert.Equal(0.3339, up.PassRateDeltaInterval.High, 4);
        Assert.True(up.IsSignificantImprovement);
        Assert.False(up.IsSignificantRegression);

        var down = Compare(56, 70, 48, 80);
        Assert.Equal(-0.2000, down.PassRateDelta, 4);
        Assert.Equal(-0.3339, down.PassRateDeltaInterval.Low, 4);
        Assert.Equal(-0.0524, down.PassRateDeltaInterval.High, 4);
        Assert.True(down.IsSignificantRegression);
    }

    // Baseline s1 of n1 runs and candidate s2 of n2, as two runs of one case each with many repetitions, so every
    // run is a common case's run.
    private static EvalComparison Compare(int s1, int n1, int s2, int n2)
        => EvalComparison.Compare(
            Result("old", [("case", Enumerable.Range(0, n1).Select(i => i < s1).ToArray())]),
            Result("new", [("case", Enumerable.Range(0, n2).Select(i => i < s2).ToArray())]));

    [Fact]
    public void A_small_drop_on_few_cases_is_not_significant()
    {
        var comparison = EvalComparison.Compare(Result("main", Cases("c", 20, 18)), Result("branch", Cases("c", 20, 16)));

        Assert.Equal(-0.1, comparison.PassRateDelta, 10);
        Assert.Equal(-0.328, comparison.PassRateDeltaInterval.Low, 3); // the values docs/evals.md quotes
        Assert.Equal(0.134, comparison.PassRateDeltaInterval.High, 3);
        Assert.False(comparison.IsSignificantRegression);
        Assert.Equal(["c16", "c17"], comparison.Regressions.Select(r => r.Id));

        var collapse = EvalComparison.Compare(Result("main", Cases("c", 20, 19)), Result("branch", Cases("c", 20, 8)));
        Assert.True(collapse.IsSignificantRegression);
        Assert.Equal(Proportions.NewcombeDifference(19, 20, 8, 20), collapse.PassRateDeltaInterval);
        Assert.Equal(-0.736, collapse.PassRateDeltaInterval.Low, 3);
        Assert.Equal(-0.267, collapse.PassRateDeltaInterval.High, 3);
    }

    [Fact]
    public void Regressions_fixes_and_cases_in_one_run_only_are_listed()
    {
        var baseline = Result("main", [("a", [true]), ("b", [false]), ("c", [true, true]), ("gone", [true])], cost: 0.40m, medianMs: 1000);
        var candidate = Result("branch", [("new", [false]), ("c", [true, false]), ("b", [true]), ("a", [false])], cost: 0.25m, medianMs: 1250);

        var comparison = EvalComparison.Compare(baseline, candidate);

        Assert.Equal(("main", "branch"), (comparison.Baseline, comparison.Candidate));
        Assert.Equal(["c", "a"], comparison.Regressions.Select(r => r.Id)); // the candidate's order; c went from always to sometimes
        var flaky = comparison.Regressions[0];
        Assert.Equal((1.0, 0.5), (flaky.BaselinePassRate, flaky.CandidatePassRate));
        Assert.Equal(("tool:get_price", "priced the wrong item"), (flaky.FailedComponent, flaky.Reason));
        var fix = Assert.Single(comparison.Fixes);
        Assert.Equal("b", fix.Id);
        Assert.Equal("tool:get_price", fix.FailedComponent); // where the baseline failed
        Assert.Equal(["gone"], comparison.OnlyInBaseline);
        Assert.Equal(["new"], comparison.OnlyInCandidate);
        Assert.Equal(3, comparison.CommonCases);
        Assert.Equal((4, 3, 4, 2), (comparison.BaselineRuns, comparison.BaselinePassedRuns, comparison.CandidateRuns, comparison.CandidatePassedRuns));
        Assert.Equal(-0.25, comparison.PassRateDelta, 10);
        Assert.Equal((0.40m, 0.25m), (comparison.BaselineCost, comparison.CandidateCost));
        Assert.Equal(0.25m / 5 - 0.40m / 5, comparison.CostPerRunDelta);
        Assert.Equal(250, comparison.MedianLatencyDeltaMs);
    }

    [Fact]
    public void The_candidates_confidence_level_is_used_and_an_unpriced_run_has_no_cost_delta()
    {
        var comparison = EvalComparison.Compare(Result("main", Cases("c", 30, 27), cost: 1m), Result("branch", Cases("c", 30, 20), confidence: 0.80));

        Assert.Equal(0.80, comparison.ConfidenceLevel);
        Assert.Equal(Proportions.NewcombeDifference(27, 30, 20, 30, 0.80), comparison.PassRateDeltaInterval);
        Assert.Null(comparison.CostPerRunDelta);
        Assert.Null(comparison.CandidateCost);
    }

    [Fact]
    public void A_comparison_round_trips_through_json()
    {
        var comparison = EvalComparison.Compare(Result("main", [("a", [true]), ("b", [false])], cost: 0.1m), Result("branch", [("a", [false]), ("b", [true])], cost: 0.2m));

        var json = comparison.ToJson();
        var back = EvalComparison.FromJson(json);

        Assert.Contains("\"passRateDeltaInterval\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"isSignificantRegression\": false", json, StringComparison.Ordinal);
        Assert.Equal(comparison.PassRateDeltaInterval, back.PassRateDeltaInterval);
        Assert.Equal(comparison.CostPerRunDelta, back.CostPerRunDelta);
        Assert.Equal(["a"], back.Regressions.Select(r => r.Id));
        Assert.Equal("priced the wrong item", back.Regressions[0].Reason);
        Assert.Equal(["b"], back.Fixes.Select(r => r.Id));
        Assert.Throws<System.Text.Json.JsonException>(() => EvalComparison.FromJson("null"));
    }

    [Fact]
    public void A_comparison_reads_in_a_line()
    {
        var comparison = EvalComparison.Compare(Result("main", Cases("c", 10, 9)), Result("branch", Cases("c", 10, 7)));

        Assert.StartsWith("branch vs main: pass rate 70.0% vs 90.0% (-20.0 points, 95% interval [", comparison.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("2 regressed, 0 fixed", comparison.ToString(), StringComparison.Ordinal);
    }
}
