using System.Globalization;
using System.Net;
using System.Text;

namespace Declarative.Evaluation;

/// <summary>
/// What the command line prints and writes: a short summary of the result (pass rate with its interval, cases,
/// cost, latency, where the failures are) and of the comparison with the baseline.
/// </summary>
internal static class CliSummary
{
    public static void Write(EvalResult result, EvalComparison? comparison, TextWriter output)
    {
        foreach (var line in Lines(result, comparison))
        {
            output.WriteLine(line);
        }
    }

    public static IEnumerable<string> Lines(EvalResult result, EvalComparison? comparison)
    {
        var s = result.Summary;
        var culture = CultureInfo.InvariantCulture;
        yield return string.Create(culture,
            $"{result.Name} on {result.Dataset}: {s.PassedRuns}/{s.Runs} runs passed ({Percent.Of(s.PassRate)}, {result.ConfidenceLevel * 100:0.##}% interval {s.Interval}); "
            + $"{s.PassedCases}/{s.Cases} cases passed, {s.FlakyCases} flaky");
        yield return string.Create(culture,
            $"cost {(s.Cost is { } cost ? cost.ToString("0.######", culture) : "unpriced")}"
            + $"{(s.JudgeCost is { } judge ? ", judges " + judge.ToString("0.######", culture) : "")}; "
            + $"tokens {s.Usage.TotalTokens}; median latency {s.MedianLatencyMs:0} ms, p95 {s.P95LatencyMs:0} ms; cache {s.CacheHits} hits, {s.CacheMisses} misses");
        if (result.Errors.Components.Count > 0)
        {
            yield return "failures by component (first failures / failed grades):";
            foreach (var component in result.Errors.Components)
            {
                yield return string.Create(culture,
                    $"  {component.Component}: {component.FirstFailures} / {component.Failures}  e.g. {string.Join(", ", component.ExampleCaseIds)}");
            }
        }
        if (comparison is null)
        {
            yield break;
        }
        yield return string.Create(culture,
            $"vs {comparison.Baseline}: {Percent.Of(comparison.CandidatePassRate)} vs {Percent.Of(comparison.BaselinePassRate)} on {comparison.CommonCases} common cases, "
            + $"{Percent.Points(comparison.PassRateDelta)} ({comparison.ConfidenceLevel * 100:0.##}% interval {comparison.PassRateDeltaInterval})"
            + $"{(comparison.IsSignificantRegression ? ": a significant regression" : comparison.IsSignificantImprovement ? ": a significant improvement" : "")}; "
            + $"median latency {comparison.MedianLatencyDeltaMs:+0;-0;0} ms"
            + $"{(comparison.CostPerRunDelta is { } delta ? ", cost per run " + delta.ToString("+0.######;-0.######;0", culture) : "")}");
        foreach (var change in comparison.Regressions)
        {
            yield return $"  regressed: {change.Id}{(change.FailedComponent is null ? "" : " at " + change.FailedComponent)}{(change.Reason is null ? "" : ": " + change.Reason)}";
        }
        foreach (var change in comparison.Fixes)
        {
            yield return $"  fixed: {change.Id}";
        }
        if (comparison.OnlyInCandidate.Count > 0)
        {
            yield return "  new cases: " + string.Join(", ", comparison.OnlyInCandidate);
        }
        if (comparison.OnlyInBaseline.Count > 0)
        {
            yield return "  cases no longer in the dataset: " + string.Join(", ", comparison.OnlyInBaseline);
        }
    }

    // A page of the same summary, until the full HTML report is wired in here.
    public static string Html(EvalResult result, EvalComparison? comparison)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(result.Name)).Append("</title></head><body>\n<h1>").Append(WebUtility.HtmlEncode(result.Name)).Append("</h1>\n<pre>");
        foreach (var line in Lines(result, comparison))
        {
            html.Append(WebUtility.HtmlEncode(line)).Append('\n');
        }
        html.Append("</pre>\n</body></html>\n");
        return html.ToString();
    }
}
