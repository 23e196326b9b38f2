namespace Declarative.Evaluation;

// The few facts both reports derive from a result the same way, so the console and the page never
// tell two stories about one run.
internal static class ReportFacts
{
    /// <summary>The component a failed run first failed at and why; (null, null) for a passed run.</summary>
    public static (string? Component, string? Reason) FirstFailure(CaseRun run)
    {
        if (run.Passed)
        {
            return (null, null);
        }
        var failed = run.Grades.Where(g => !g.Passed).ToList();
        var grade = failed.FirstOrDefault(g => g.Component == run.FailedComponent) ?? failed.FirstOrDefault();
        var component = run.FailedComponent ?? grade?.Component;
        var reason = grade is null
            ? run.Error ?? run.Reason ?? (run.Status is null ? "failed" : "status " + run.Status)
            : grade.Reason ?? grade.Grader + " failed";
        return (component, reason);
    }

    /// <summary>Cases that did not pass every run (failed and flaky), in the result's order.</summary>
    public static IEnumerable<CaseResult> NotPassed(EvalResult result) => result.Cases.Where(c => !c.IsPassed);

    /// <summary>Cases that failed outright: neither passed in every run nor flaky (passed in some).</summary>
    public static int FailedCases(EvalSummary summary) => summary.Cases - summary.PassedCases - summary.FlakyCases;

    /// <summary>The share of a component's grades that passed; null when nothing graded it.</summary>
    public static double? PassShare(ComponentCost cost)
        => cost.Graded == 0 ? null : (double)(cost.Graded - cost.Failed) / cost.Graded;

    /// <summary>"pass", "flaky" or "fail": how a case is labelled.</summary>
    public static string Verdict(CaseResult result) => result.IsPassed ? "pass" : result.IsFlaky ? "flaky" : "fail";
}
