using System.Globalization;

namespace Declarative.Evaluation.Tests;

/// <summary>The console summary: what a CI log shows of an eval run.</summary>
public sealed class ReportConsoleTests
{
    private static async Task<(EvalResult Result, string Text)> WriteAsync()
    {
        var result = await ReportSample.ResultAsync();
        return (result, Write(result));
    }

    private static string Write(EvalResult result)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        ConsoleReport.Write(result, writer);
        return writer.ToString();
    }

    private static string[] Section(string text, string heading)
    {
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no section \"{heading}\" in:\n{text}");
        return lines.Skip(start + 1).TakeWhile(l => l.Length > 0).ToArray();
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    [Fact]
    public async Task The_summary_gives_the_pass_rate_with_its_interval_and_the_cases_passed_flaky_and_failed()
    {
        var (result, text) = await WriteAsync();
        var s = result.Summary;

        var lines = text.Split('\n');
        Assert.StartsWith($"Eval {result.Name}: target {result.Target}, dataset {result.Dataset}", lines[0], StringComparison.Ordinal);
        Assert.Contains($"pass rate  {Percent(s.PassRate)} ({s.PassedRuns}/{s.Runs} runs), 95% interval {Percent(s.Interval.Low)}–{Percent(s.Interval.High)}", text, StringComparison.Ordinal);
        var failed = result.Cases.Count(c => !c.IsPassed && !c.IsFlaky);
        Assert.Equal(1, failed);
        Assert.Contains($"cases      {s.Cases}: {s.PassedCases} passed, {s.FlakyCases} flaky, {failed} failed (2 repetitions each)", text, StringComparison.Ordinal);
        Assert.Contains($"cache      {s.CacheHits} hits, {s.CacheMisses} misses", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cost_is_the_runs_and_the_judges_apart_and_latency_is_p50_and_p95()
    {
        var (result, text) = await WriteAsync();
        var s = result.Summary;
        Assert.NotNull(s.Cost);
        Assert.NotNull(s.JudgeCost);

        var cost = Assert.Single(text.Split('\n'), l => l.StartsWith("  cost", StringComparison.Ordinal));
        Assert.Contains("run $" + s.Cost!.Value.ToString("0.00####", CultureInfo.InvariantCulture), cost, StringComparison.Ordinal);
        Assert.Contains("judge $" + s.JudgeCost!.Value.ToString("0.00####", CultureInfo.InvariantCulture), cost, StringComparison.Ordinal);
        Assert.Contains($"tokens {s.Usage.InputTokens} in, {s.Usage.OutputTokens} out", cost, StringComparison.Ordinal);
        var latency = Assert.Single(text.Split('\n'), l => l.StartsWith("  latency", StringComparison.Ordinal));
        Assert.Matches(@"^  latency    p50 \d+(\.\d)? m?s, p95 \d+(\.\d)? m?s$", latency);
    }

    [Fact]
    public async Task The_error_analysis_has_a_row_per_component_with_first_failures_failures_and_examples_in_aligned_columns()
    {
        var (result, text) = await WriteAsync();

        var rows = Section(text, "Error analysis");
        Assert.Equal(result.Errors.Components.Count + 1, rows.Length);
        var header = rows[0];
        Assert.Matches(@"^  component +first failures +failed grades +example cases$", header);
        // Numbers right-aligned under their headers.
        var firstEnd = header.IndexOf("first failures", StringComparison.Ordinal) + "first failures".Length;
        var failuresEnd = header.IndexOf("failed grades", StringComparison.Ordinal) + "failed grades".Length;
        var examplesStart = header.IndexOf("example cases", StringComparison.Ordinal);
        foreach (var component in result.Errors.Components)
        {
            var row = Assert.Single(rows, r => r.StartsWith("  " + component.Component + " ", StringComparison.Ordinal));
            Assert.Equal(component.FirstFailures.ToString(CultureInfo.InvariantCulture), row[..firstEnd].TrimEnd().Split(' ')[^1]);
            Assert.Equal(' ', row[firstEnd]);
            Assert.Equal(component.Failures.ToString(CultureInfo.InvariantCulture), row[..failuresEnd].Split(' ')[^1]);
            Assert.Equal(string.Join(", ", component.ExampleCaseIds), row[examplesStart..]);
        }
        Assert.Contains(result.Errors.Components, c => c.Component == "tool:lookup_price" && c.FirstFailures == 2);
    }

    [Fact]
    public async Task The_error_analysis_per_tag_shows_every_tag_with_its_runs_and_its_components()
    {
        var (result, text) = await WriteAsync();

        var rows = Section(text, "By tag");
        foreach (var tag in result.Errors.ByTag)
        {
            var row = Assert.Single(rows, r => r.StartsWith("  " + tag.Tag + " ", StringComparison.Ordinal));
            Assert.Matches($@"^  {tag.Tag} +{tag.Runs} +{tag.PassedRuns} +{Percent(tag.PassRate).Replace(".", @"\.", StringComparison.Ordinal)} ", row);
            var index = Array.IndexOf(rows, row);
            for (var i = 0; i < tag.Components.Count; i++)
            {
                Assert.Contains("  " + tag.Components[i].Component + "  ", rows[index + i], StringComparison.Ordinal);
            }
        }
        Assert.Contains(rows, r => r.StartsWith("  escaping ", StringComparison.Ordinal) && r.EndsWith('-'));
    }

    [Fact]
    public async Task Cost_and_latency_per_component_come_from_the_result()
    {
        var (result, text) = await WriteAsync();

        var rows = Section(text, "Cost and latency per component");
        Assert.Equal(result.Costs.Count + 1, rows.Length);
        var agent = Assert.Single(result.Costs, c => c.Component.StartsWith("agent:", StringComparison.Ordinal));
        var row = Assert.Single(rows, r => r.StartsWith("  " + agent.Component + " ", StringComparison.Ordinal));
        Assert.Contains(" " + agent.Usage.TotalTokens + " ", row, StringComparison.Ordinal);
        Assert.Contains("$" + agent.Cost!.Value.ToString("0.00####", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        var tool = Assert.Single(rows, r => r.StartsWith("  tool:lookup_price ", StringComparison.Ordinal));
        Assert.EndsWith(Percent(0.8), tool, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_cases_list_each_failed_run_with_its_first_failing_component_and_reason()
    {
        var (result, text) = await WriteAsync();

        var lines = Section(text, "Failed cases");
        var notPassed = result.Cases.Where(c => !c.IsPassed).ToList();
        Assert.Equal(notPassed.Count + notPassed.Sum(c => c.Runs.Count(r => !r.Passed)), lines.Length);
        Assert.Equal("  price-unknown: fail, 0/2 runs passed, line 3 [pricing, hard]", lines[0]);
        Assert.Equal("    run 1: tool:lookup_price: the lookup failed: tool 'lookup_price' failed: no item XX-999", lines[1]);
        var flaky = Array.IndexOf(lines, "  price-flaky: flaky, 1/2 runs passed, line 4 [hard]");
        Assert.True(flaky > 0, string.Join('\n', lines));
        Assert.Equal("    run 2: answer: the answer does not mention \"12.50\"", lines[flaky + 1]);
        Assert.DoesNotContain(lines, l => l.Contains("price-sunglasses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_text_is_plain_and_the_same_in_any_culture()
    {
        var (result, text) = await WriteAsync();
        var culture = CultureInfo.CurrentCulture;
        string german;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            german = Write(result);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(text, german);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain(text.Split('\n'), l => l.EndsWith(' '));
    }

    [Fact]
    public async Task A_run_without_failures_says_so_and_lists_no_failed_cases()
    {
        var sample = await ReportSample.ResultAsync();
        var passing = new EvalResult
        {
            Name = "all-green",
            Target = sample.Target,
            Dataset = sample.Dataset,
            Summary = new EvalSummary { Cases = 1, PassedCases = 1, Runs = 1, PassedRuns = 1, PassRate = 1, Interval = new Interval(0.21, 1) },
            Errors = new ErrorAnalysis(),
            Costs = [],
            Cases = [sample.Cases.First(c => c.IsPassed)],
        };

        var text = Write(passing);

        Assert.Equal(["  no failures"], Section(text, "Error analysis"));
        Assert.DoesNotContain("Failed cases", text, StringComparison.Ordinal);
        Assert.Contains("judge n/a", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => ConsoleReport.Write(null!, TextWriter.Null));
        Assert.Throws<ArgumentNullException>(() => ConsoleReport.Write(ReportSample.ResultAsync().GetAwaiter().GetResult(), null!));
    }
}
