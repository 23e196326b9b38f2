namespace Declarative.Evaluation;

/// <summary>
/// The summary of an eval run that people read in a CI log: plain text, aligned columns, no colours.
/// </summary>
/// <remarks>
/// In order: the pass rate with its confidence interval; cases passed, flaky and failed; cache hits and
/// misses; the run's cost and the judges' cost apart; latency p50 and p95; the error analysis (per
/// component: runs that first failed there, failed grades, example cases), the same per tag; cost and
/// latency per component; and every case that did not pass, with each failed run's first failing
/// component and its reason. Numbers are written in the invariant culture, so the text is the same on
/// every machine.
/// </remarks>
/// <example>
/// <code>
/// EvalResult result = await runner.RunAsync(target, dataset, graders);
/// ConsoleReport.Write(result, Console.Out);
/// </code>
/// </example>
public static partial class ConsoleReport
{
    /// <summary>Writes the summary of <paramref name="result"/> to <paramref name="writer"/>.</summary>
    /// <param name="result">The eval run to summarize.</param>
    /// <param name="writer">Where to write, e.g. <see cref="Console.Out"/>.</param>
    public static void Write(EvalResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        WriteSummary(result, writer);
        WriteErrorAnalysis(result.Errors.Components, writer);
        WriteByTag(result.Errors.ByTag, writer);
        WriteComponentCosts(result.Costs, writer);
        WriteFailedCases(result, writer);
    }

    private static void WriteSummary(EvalResult result, TextWriter writer)
    {
        var s = result.Summary;
        writer.WriteLine($"Eval {result.Name}: target {result.Target}, dataset {result.Dataset}, "
            + $"started {ReportFormat.Date(result.StartedAt)}, took {ReportFormat.Latency(result.DurationMs)}");
        var confidence = ReportFormat.Percent(result.ConfidenceLevel).Replace(".0%", "%", StringComparison.Ordinal);
        var table = new TextTable("", "");
        table.Add("pass rate", $"{ReportFormat.Percent(s.PassRate)} ({s.PassedRuns}/{s.Runs} runs), "
            + $"{confidence} interval {ReportFormat.Percent(s.Interval)}");
        table.Add("cases", $"{s.Cases}: {s.PassedCases} passed, {s.FlakyCases} flaky, {ReportFacts.FailedCases(s)} failed"
            + (result.Repetitions > 1 ? $" ({result.Repetitions} repetitions each)" : ""));
        table.Add("cache", $"{s.CacheHits} hits, {s.CacheMisses} misses");
        table.Add("cost", $"run {ReportFormat.Cost(s.Cost)}, judge {ReportFormat.Cost(s.JudgeCost)}; tokens {ReportFormat.Tokens(s.Usage)}");
        table.Add("latency", $"p50 {ReportFormat.Latency(s.MedianLatencyMs)}, p95 {ReportFormat.Latency(s.P95LatencyMs)}");
        table.Write(writer, header: false);
    }

    private static void WriteErrorAnalysis(IReadOnlyList<ComponentFailures> components, TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine("Error analysis (runs counted at the first component that failed in trace order)");
        if (components.Count == 0)
        {
            writer.WriteLine("  no failures");
            return;
        }
        var table = new TextTable("component", ">first failures", ">failed grades", "example cases");
        foreach (var c in components)
        {
            table.Add(c.Component, ReportFormat.Count(c.FirstFailures), ReportFormat.Count(c.Failures), string.Join(", ", c.ExampleCaseIds));
        }
        table.Write(writer);
    }

    private static void WriteByTag(IReadOnlyList<TagFailures> tags, TextWriter writer)
    {
        if (tags.Count == 0)
        {
            return;
        }
        writer.WriteLine();
        writer.WriteLine("By tag");
        var table = new TextTable("tag", ">runs", ">passed", ">pass rate", "component", ">first failures", ">failed grades", "example cases");
        foreach (var tag in tags)
        {
            var rate = tag.Runs == 0 ? "n/a" : ReportFormat.Percent(tag.PassRate);
            if (tag.Components.Count == 0)
            {
                table.Add(tag.Tag, ReportFormat.Count(tag.Runs), ReportFormat.Count(tag.PassedRuns), rate, "-", "", "", "");
                continue;
            }
            for (var i = 0; i < tag.Components.Count; i++)
            {
                var c = tag.Components[i];
                // The tag's own numbers only on its first line, so the groups stand out.
                table.Add(i == 0 ? tag.Tag : "", i == 0 ? ReportFormat.Count(tag.Runs) : "", i == 0 ? ReportFormat.Count(tag.PassedRuns) : "",
                    i == 0 ? rate : "", c.Component, ReportFormat.Count(c.FirstFailures), ReportFormat.Count(c.Failures), string.Join(", ", c.ExampleCaseIds));
            }
        }
        table.Write(writer);
    }

    private static void WriteComponentCosts(IReadOnlyList<ComponentCost> costs, TextWriter writer)
    {
        if (costs.Count == 0)
        {
            return;
        }
        writer.WriteLine();
        writer.WriteLine("Cost and latency per component (summed over every run)");
        var table = new TextTable("component", ">steps", ">latency", ">tokens", ">cost", ">graded", ">failed", ">passed");
        foreach (var c in costs)
        {
            var share = ReportFacts.PassShare(c);
            table.Add(c.Component, ReportFormat.Count(c.Steps), ReportFormat.Latency(c.LatencyMs), ReportFormat.Count(c.Usage.TotalTokens),
                ReportFormat.Cost(c.Cost), ReportFormat.Count(c.Graded), ReportFormat.Count(c.Failed), share is { } p ? ReportFormat.Percent(p) : "-");
        }
        table.Write(writer);
    }

    private static void WriteFailedCases(EvalResult result, TextWriter writer)
    {
        var notPassed = ReportFacts.NotPassed(result).ToList();
        if (notPassed.Count == 0)
        {
            return;
        }
        writer.WriteLine();
        writer.WriteLine($"Failed cases ({notPassed.Count})");
        foreach (var c in notPassed)
        {
            var where = c.Line > 0 ? $", line {c.Line}" : "";
            var tags = c.Tags.Count > 0 ? $" [{string.Join(", ", c.Tags)}]" : "";
            writer.WriteLine($"  {c.Id}: {ReportFacts.Verdict(c)}, {c.PassedRuns}/{c.Runs.Count} runs passed{where}{tags}");
            foreach (var run in c.Runs.Where(r => !r.Passed))
            {
                var (component, reason) = ReportFacts.FirstFailure(run);
                writer.WriteLine($"    run {run.Repetition}: {component ?? "(no component)"}: {ReportFormat.Clip(reason, 160)}");
            }
        }
    }
}
