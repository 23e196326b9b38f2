using System.Globalization;
using Declarative;
using Declarative.Evaluation;

namespace EvalsSample;

/// <summary>
/// <c>Evals --self-check</c>: runs the three suites on their recordings and checks the numbers they must give, so CI
/// notices when a change to the runtime, the tools, the graders or the harness moves them: the pass rates, the case that
/// fails on purpose and the component where it fails first, the candidate's regression and fix, plan-and-execute's
/// repaired plan, the recorded cost, and that every recording was replayed to its end. Writes each result as JSON.
/// </summary>
internal static class SelfCheck
{
    public static async Task<int> RunAsync(string output)
    {
        Directory.CreateDirectory(output);
        var problems = new List<string>();
        var options = new EvalOptions { MaxParallelism = 4 };

        var agentCases = Evaluation.Load(Evaluation.DatasetPath("agent"));
        var planCases = Evaluation.Load(Evaluation.DatasetPath("plan"));
        var baseline = await RunAsync("agent", agentCases, options, output, problems);
        var candidate = await RunAsync("candidate", agentCases, options, output, problems);
        var plans = await RunAsync("plan", planCases, options, output, problems);

        // The baseline: every case passes but the one recorded with the mixed-up aviator, and the error analysis puts
        // its first failure at the get_item_price call, before the wrong answer.
        Expect(problems, "agent: cases", baseline.Summary.Cases, 16);
        Expect(problems, "agent: failed cases", Failed(baseline), "price-golden-hour");
        Expect(problems, "agent: price-golden-hour's first failing component", FirstFailure(baseline, "price-golden-hour"), Components.Tool("get_item_price"));
        Expect(problems, "agent: error analysis, first failures", Table(baseline), "tool:get_item_price=1");

        // The candidate: the revised prompt fixes the aviator and breaks the out-of-stock answer.
        Expect(problems, "candidate: failed cases", Failed(candidate), "out-of-stock-titan");
        Expect(problems, "candidate: out-of-stock-titan's first failing component", FirstFailure(candidate, "out-of-stock-titan"), Components.Answer);
        var baselinePassed = baseline.Cases.ToDictionary(c => c.Id, c => c.IsPassed);
        var regressions = string.Join(",", candidate.Cases.Where(c => baselinePassed[c.Id] && !c.IsPassed).Select(c => c.Id));
        var fixes = string.Join(",", candidate.Cases.Where(c => !baselinePassed[c.Id] && c.IsPassed).Select(c => c.Id));
        Expect(problems, "comparison: regressions", regressions, "out-of-stock-titan");
        Expect(problems, "comparison: fixes", fixes, "price-golden-hour");

        // Plan-and-execute: all pass; the repair case's first plan was refused by the validator and the second ran.
        Expect(problems, "plan: failed cases", Failed(plans), "");
        var repair = plans.Cases.Single(c => c.Id == "plan-repair").Runs[0].Trace.Steps.OfType<PlanValidationStep>().Select(v => v.IsValid ? "valid" : "refused");
        Expect(problems, "plan: plan-repair's validations", string.Join(",", repair), "refused,valid");

        // The cost of the recorded tokens at the price table's rates: the agent's calls (gpt-4o-mini) and, apart, the judge's (gpt-4o).
        Expect(problems, "agent: cost", baseline.Summary.Cost, 0.00624120m);
        Expect(problems, "agent: judge cost", baseline.Summary.JudgeCost, 0.062555m);
        Expect(problems, "candidate: cost", candidate.Summary.Cost, 0.00639255m);
        Expect(problems, "candidate: judge cost", candidate.Summary.JudgeCost, 0.062345m);
        Expect(problems, "plan: cost", plans.Summary.Cost, 0.00305130m);

        Console.WriteLine();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine("self-check FAILED: " + problem);
            }
            return 1;
        }
        Console.WriteLine($"self-check: passed (the recorded numbers are what they must be; results in {output})");
        return 0;
    }

    private static async Task<EvalResult> RunAsync(string suiteName, EvalDataset<string, string> dataset, EvalOptions options, string output, List<string> problems)
    {
        var suite = ShopSuite.Find(suiteName)!;
        var (result, recordings) = await Evaluation.RunAsync(suite, dataset, live: null, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{suite.Name,-10} {result.Summary.PassedCases,2}/{result.Summary.Cases} cases passed ({result.Summary.PassRate:P0}, {result.ConfidenceLevel:P0} interval {result.Summary.Interval.Low:P0}-{result.Summary.Interval.High:P0}), "
            + $"cost ${result.Summary.Cost} (judge ${result.Summary.JudgeCost?.ToString(CultureInfo.InvariantCulture) ?? "-"}), {result.Summary.Usage.InputTokens} tokens in"));
        foreach (var failed in result.Cases.Where(c => !c.IsPassed))
        {
            Console.WriteLine($"  failed: {failed.Id} first at {failed.Runs[0].FailedComponent}: "
                + string.Join("; ", failed.Runs[0].Grades.Where(g => !g.Passed).Select(g => $"{g.Grader} [{g.Component}]: {g.Reason}")));
        }
        problems.AddRange(recordings!.Unfinished().Select(u => $"{suite.Name}: {u}"));
        var json = EvalResultJson.Write(result);
        File.WriteAllText(Path.Combine(output, suite.Name + ".json"), json);
        if (EvalResultJson.Read(json).Summary.PassedCases != result.Summary.PassedCases)
        {
            problems.Add($"{suite.Name}: the JSON result does not read back to the same summary");
        }
        return result;
    }

    private static string Failed(EvalResult result) => string.Join(",", result.Cases.Where(c => !c.IsPassed).Select(c => c.Id));

    private static string? FirstFailure(EvalResult result, string caseId) => result.Cases.Single(c => c.Id == caseId).Runs[0].FailedComponent;

    private static string Table(EvalResult result)
        => string.Join(",", result.Errors.Components.Where(c => c.FirstFailures > 0).Select(c => $"{c.Component}={c.FirstFailures}"));

    private static void Expect<T>(List<string> problems, string what, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            problems.Add($"{what}: expected {expected}, got {actual}");
        }
    }
}
