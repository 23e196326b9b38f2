using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Declarative.Evaluation.Tests;

/// <summary>The HTML report: one self-contained page whose content and numbers come from the result, all data encoded.</summary>
public sealed class ReportHtmlTests
{
    private static async Task<(EvalResult Result, string Html, IDocument Page)> WriteAsync()
    {
        var result = await ReportSample.ResultAsync();
        var html = HtmlReport.Write(result);
        return (result, html, new HtmlParser().ParseDocument(html));
    }

    private static double Number(IElement element, string attribute)
        => double.Parse(element.GetAttribute(attribute) ?? throw new InvalidOperationException($"no {attribute} on {element.OuterHtml}"), CultureInfo.InvariantCulture);

    private static IElement ById(IDocument page, string id) => page.GetElementById(id) ?? throw new InvalidOperationException("no #" + id);

    [Fact]
    public async Task The_page_is_self_contained_no_script_no_external_resource()
    {
        var (_, html, page) = await WriteAsync();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Empty(page.Scripts);
        Assert.Empty(page.QuerySelectorAll("link, img, iframe, object, embed"));
        Assert.Empty(page.QuerySelectorAll("[src]"));
        Assert.All(page.QuerySelectorAll("a[href]"), a => Assert.StartsWith("#", a.GetAttribute("href"), StringComparison.Ordinal));
        var style = Assert.Single(page.QuerySelectorAll("style")).TextContent;
        Assert.DoesNotContain("url(", style, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", style, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll("figure.chart svg").Length);
    }

    [Fact]
    public async Task A_case_id_with_a_script_tag_is_encoded_not_run()
    {
        var (_, html, page) = await WriteAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html, StringComparison.Ordinal);
        var details = Assert.Single(page.QuerySelectorAll("details.case"), d => d.GetAttribute("data-case-id") == ReportSample.ScriptCaseId);
        Assert.Equal(ReportSample.ScriptCaseId, details.QuerySelector("summary code.case-id")!.TextContent);
        // The answer's markup is text too.
        var answer = details.QuerySelectorAll("pre.answer").First();
        Assert.Contains("<b>with us</b> & come back", answer.TextContent, StringComparison.Ordinal);
        Assert.Empty(answer.Children);
    }

    [Fact]
    public async Task The_header_names_the_run_the_target_the_dataset_and_the_date()
    {
        var (result, _, page) = await WriteAsync();

        Assert.Equal("Eval report: " + result.Name, page.Title);
        Assert.Equal(result.Name, ById(page, "run-name").TextContent);
        Assert.Equal(result.Target, ById(page, "target").TextContent);
        Assert.Equal(result.Dataset, ById(page, "dataset").TextContent);
        Assert.Equal(result.StartedAt, DateTimeOffset.Parse(ById(page, "started").GetAttribute("datetime")!, CultureInfo.InvariantCulture));
        Assert.Equal(result.Repetitions, (int)Number(ById(page, "repetitions"), "data-value"));
    }

    [Fact]
    public async Task The_summary_numbers_are_the_results_in_attributes_and_in_words()
    {
        var (result, _, page) = await WriteAsync();
        var s = result.Summary;

        Assert.Equal(s.PassRate, Number(ById(page, "pass-rate"), "data-value"));
        Assert.Equal((s.PassRate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", ById(page, "pass-rate").TextContent);
        Assert.Equal(s.Interval.Low, Number(ById(page, "pass-rate-interval"), "data-low"));
        Assert.Equal(s.Interval.High, Number(ById(page, "pass-rate-interval"), "data-high"));
        Assert.Equal(s.Cases, Number(ById(page, "cases"), "data-value"));
        Assert.Equal(s.PassedCases, Number(ById(page, "passed-cases"), "data-value"));
        Assert.Equal(s.FlakyCases, Number(ById(page, "flaky-cases"), "data-value"));
        Assert.Equal(result.Cases.Count(c => !c.IsPassed && !c.IsFlaky), Number(ById(page, "failed-cases"), "data-value"));
        Assert.Equal(s.Runs, Number(ById(page, "runs"), "data-value"));
        Assert.Equal(s.PassedRuns, Number(ById(page, "passed-runs"), "data-value"));
        Assert.Equal(s.Cost, decimal.Parse(ById(page, "cost").GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.Equal(s.JudgeCost, decimal.Parse(ById(page, "judge-cost").GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.Equal(s.MedianLatencyMs, Number(ById(page, "latency-p50"), "data-ms"));
        Assert.Equal(s.P95LatencyMs, Number(ById(page, "latency-p95"), "data-ms"));
        Assert.Equal(s.CacheMisses, Number(ById(page, "cache-misses"), "data-value"));
    }

    [Fact]
    public async Task The_error_analysis_table_has_each_component_with_links_to_its_example_cases()
    {
        var (result, _, page) = await WriteAsync();

        var rows = page.QuerySelectorAll("table#error-analysis tbody tr");
        Assert.Equal(result.Errors.Components.Select(c => (c.Component, c.FirstFailures, c.Failures)),
            rows.Select(r => (r.GetAttribute("data-component")!, (int)Number(r, "data-first-failures"), (int)Number(r, "data-failures"))));
        foreach (var row in rows)
        {
            foreach (var link in row.QuerySelectorAll("a.case-link"))
            {
                var target = ById(page, link.GetAttribute("href")![1..]);
                Assert.Equal(link.TextContent, target.GetAttribute("data-case-id"));
            }
        }
        Assert.NotEmpty(rows.SelectMany(r => r.QuerySelectorAll("a.case-link")));
    }

    [Fact]
    public async Task The_tag_table_has_a_group_per_tag_with_its_components()
    {
        var (result, _, page) = await WriteAsync();

        var groups = page.QuerySelectorAll("table#by-tag tbody.tag-group");
        Assert.Equal(result.Errors.ByTag.Select(t => (t.Tag, t.Runs, t.PassedRuns)),
            groups.Select(g => (g.GetAttribute("data-tag")!, (int)Number(g, "data-runs"), (int)Number(g, "data-passed-runs"))));
        foreach (var (tag, group) in result.Errors.ByTag.Zip(groups))
        {
            Assert.Equal(tag.Components.Select(c => c.Component), group.QuerySelectorAll("tr[data-component]").Select(r => r.GetAttribute("data-component")));
        }
    }

    [Fact]
    public async Task The_charts_draw_pass_rate_cost_and_latency_per_component_to_scale()
    {
        var (result, _, page) = await WriteAsync();

        var passBars = page.QuerySelectorAll("#chart-pass-rate g.bar");
        var graded = result.Costs.Where(c => c.Graded > 0).ToList();
        Assert.Equal(graded.Select(c => (c.Component, (double)(c.Graded - c.Failed) / c.Graded)),
            passBars.Select(b => (b.GetAttribute("data-component")!, Number(b, "data-value"))));
        // Bars are scaled: a share of 1 fills the track, 0.8 fills 80% of it.
        foreach (var bar in passBars)
        {
            var track = Number(bar.QuerySelector("rect.track")!, "width");
            Assert.Equal(Number(bar, "data-value") * track, Number(bar.QuerySelector("rect.fill")!, "width"), 0.1);
        }
        var costBars = page.QuerySelectorAll("#chart-cost g.bar");
        Assert.Equal(result.Costs.Select(c => c.Component), costBars.Select(b => b.GetAttribute("data-component")));
        var widest = costBars.MaxBy(b => Number(b.QuerySelector("rect.fill")!, "width"))!;
        Assert.Equal(result.Costs.MaxBy(c => c.Cost ?? 0)!.Component, widest.GetAttribute("data-component"));
        Assert.Equal(result.Costs.Select(c => c.LatencyMs), page.QuerySelectorAll("#chart-latency g.bar").Select(b => Number(b, "data-value")));
        Assert.Equal(result.Costs.Select(c => c.Component), page.QuerySelectorAll("table#component-costs tbody tr").Select(r => r.GetAttribute("data-component")));
    }

    [Fact]
    public async Task Every_case_opens_to_its_runs_with_grades_and_traces_and_the_first_failure_is_open()
    {
        var (result, _, page) = await WriteAsync();

        var cases = page.QuerySelectorAll("details.case");
        Assert.Equal(result.Cases.Select(c => c.Id), cases.Select(c => c.GetAttribute("data-case-id")));
        foreach (var (expected, details) in result.Cases.Zip(cases))
        {
            var runs = details.QuerySelectorAll("details.run");
            Assert.Equal(expected.Runs.Select(r => r.Passed ? "true" : "false"), runs.Select(r => r.GetAttribute("data-passed")));
            foreach (var (run, shown) in expected.Runs.Zip(runs))
            {
                Assert.Equal(run.Grades.Count, shown.QuerySelectorAll("tr.grade").Length);
                Assert.Equal(run.Trace.Steps.Count, shown.QuerySelector("ol.trace")!.Children.Length);
                Assert.Equal(run.FailedComponent, shown.GetAttribute("data-failed-component"));
            }
        }
        var open = Assert.Single(cases, c => c.HasAttribute("open"));
        Assert.Equal(result.Cases.First(c => !c.IsPassed).Id, open.GetAttribute("data-case-id"));
        Assert.Equal("false", Assert.Single(open.QuerySelectorAll("details.run[open]")).GetAttribute("data-passed"));
        // A judge's criteria with their verdicts.
        var criteria = open.QuerySelectorAll("ul.criteria li");
        Assert.Contains(criteria, li => li.TextContent.Contains("Gives a price in dollars", StringComparison.Ordinal) && li.GetAttribute("data-passed") == "false");
    }

    [Fact]
    public async Task A_trace_shows_model_calls_tool_calls_and_nested_agents_indented_with_the_graded_step_marked()
    {
        var result = ReportTraces.WithTrace(await ReportSample.ResultAsync(), ReportTraces.EveryKindOfStep());
        var page = new HtmlParser().ParseDocument(HtmlReport.Write(result));

        var run = page.QuerySelector("details.case details.run")!;
        var top = run.QuerySelector("ol.trace")!.Children;
        Assert.Equal(["guardrail", "model-call", "tool-call", "plan-validation", "plan-step", "agent-invocation", "hand-off", "check",
            "reflection-round", "output-validation", "model-call"], top.Select(li => li.GetAttribute("data-kind")));
        var model = top[1];
        Assert.Contains("400 in, 20 out tokens", model.TextContent, StringComparison.Ordinal);
        Assert.Contains("$0.0001", model.TextContent, StringComparison.Ordinal);
        var tool = top[2];
        Assert.Equal("{\"question\":\"price of <b>SG-001</b>?\"}", tool.QuerySelector(".block pre")!.TextContent);
        // The agent the tool ran, nested (indented) inside the tool call, its own model call under it.
        var nested = tool.QuerySelector(".nested li.step[data-kind=agent-invocation]")!;
        Assert.Contains("Pricer", nested.QuerySelector(".head")!.TextContent, StringComparison.Ordinal);
        var inner = nested.QuerySelector(".nested li.step[data-kind=model-call]")!;
        Assert.Equal("steps[2].agent.steps[0]", inner.GetAttribute("data-path"));
        Assert.Contains("graded-fail", inner.ClassList);
        Assert.Contains("nested pricer answer 12.50", inner.TextContent, StringComparison.Ordinal);
        Assert.Single(run.QuerySelectorAll("li.graded-fail"));
        // Errors of plan steps, checks and failed invocations are shown and marked.
        Assert.Contains("no item", top[4].QuerySelector("ul.findings")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("error", top[5].ClassList);
        Assert.Contains("the model refused", top[5].TextContent, StringComparison.Ordinal);
        Assert.Contains("Writer", top[6].TextContent, StringComparison.Ordinal);
        Assert.Contains("Editor", top[6].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_the_same_every_time_and_in_any_culture()
    {
        var (result, html, _) = await WriteAsync();
        var culture = CultureInfo.CurrentCulture;
        string german;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            german = HtmlReport.Write(result);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(html, HtmlReport.Write(result));
        Assert.Equal(html, german);
    }

    [Fact]
    public void A_null_result_is_refused()
        => Assert.Throws<ArgumentNullException>(() => HtmlReport.Write(null!));
}
