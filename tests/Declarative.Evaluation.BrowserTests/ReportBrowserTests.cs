using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Declarative.Evaluation.Tests;

namespace Declarative.Evaluation.BrowserTests;

/// <summary>
/// The HTML report in a real browser: headless chromium loads the page written for a real eval run; the DOM it
/// dumps must hold the numbers of the JSON report of the same run, and its screenshot is kept as a CI artifact.
/// </summary>
public sealed class ReportBrowserTests
{
    private static readonly Lazy<Task<Rendered>> Page = new(RenderAsync);

    private sealed record Rendered(EvalResult Result, JsonElement Json, string HtmlPath, IDocument Dom);

    private static async Task<Rendered> RenderAsync()
    {
        var result = await ReportSample.ResultAsync();
        var folder = Directory.CreateTempSubdirectory("declarative-report-");
        var htmlPath = Path.Combine(folder.FullName, "eval-report.html");
        await File.WriteAllTextAsync(htmlPath, HtmlReport.Write(result));
        var dom = await Chromium.DumpDomAsync(htmlPath);
        // The numbers are compared with the JSON report read back as JSON, not with the objects that wrote the page.
        using var json = JsonDocument.Parse(EvalResultJson.Write(result));
        return new Rendered(result, json.RootElement.Clone(), htmlPath, new HtmlParser().ParseDocument(dom));
    }

    private static IElement ById(IDocument page, string id)
        => page.GetElementById(id) ?? throw new Xunit.Sdk.XunitException($"the rendered page has no #{id}");

    private static double Number(IElement element, string attribute)
        => double.Parse(element.GetAttribute(attribute) ?? throw new Xunit.Sdk.XunitException($"no {attribute} on #{element.Id}"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Chromium_renders_the_page_whole()
    {
        var (result, _, _, dom) = await Page.Value;

        // Chromium parsed the document to its end: the footer is there, and every case and chart.
        Assert.Equal("Eval report: " + result.Name, dom.Title);
        Assert.NotNull(dom.QuerySelector("footer"));
        Assert.Equal(result.Cases.Count, dom.QuerySelectorAll("details.case").Length);
        Assert.Equal(3, dom.QuerySelectorAll("figure.chart svg").Length);
        Assert.Empty(dom.Scripts);
        // The case whose id is markup is text in the browser's DOM too, not an element.
        Assert.Contains(dom.QuerySelectorAll("details.case code.case-id"), c => c.TextContent == ReportSample.ScriptCaseId);
    }

    [Fact]
    public async Task The_rendered_numbers_match_the_json_report()
    {
        var (_, json, _, dom) = await Page.Value;
        var summary = json.GetProperty("summary");

        Assert.Equal(summary.GetProperty("passRate").GetDouble(), Number(ById(dom, "pass-rate"), "data-value"));
        Assert.Equal((summary.GetProperty("passRate").GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", ById(dom, "pass-rate").TextContent);
        Assert.Equal(summary.GetProperty("interval").GetProperty("low").GetDouble(), Number(ById(dom, "pass-rate-interval"), "data-low"));
        Assert.Equal(summary.GetProperty("interval").GetProperty("high").GetDouble(), Number(ById(dom, "pass-rate-interval"), "data-high"));
        Assert.Equal(summary.GetProperty("cases").GetInt32(), (int)Number(ById(dom, "cases"), "data-value"));
        Assert.Equal(summary.GetProperty("passedCases").GetInt32(), (int)Number(ById(dom, "passed-cases"), "data-value"));
        Assert.Equal(summary.GetProperty("flakyCases").GetInt32(), (int)Number(ById(dom, "flaky-cases"), "data-value"));
        Assert.Equal(summary.GetProperty("runs").GetInt32(), (int)Number(ById(dom, "runs"), "data-value"));
        Assert.Equal(summary.GetProperty("passedRuns").GetInt32(), (int)Number(ById(dom, "passed-runs"), "data-value"));
        Assert.Equal(summary.GetProperty("cost").GetDecimal(), decimal.Parse(ById(dom, "cost").GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.Equal(summary.GetProperty("judgeCost").GetDecimal(), decimal.Parse(ById(dom, "judge-cost").GetAttribute("data-value")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_rendered_failures_and_costs_per_component_match_the_json_report()
    {
        var (_, json, _, dom) = await Page.Value;

        var components = json.GetProperty("errors").GetProperty("components").EnumerateArray()
            .Select(c => (c.GetProperty("component").GetString(), c.GetProperty("firstFailures").GetInt32(), c.GetProperty("failures").GetInt32()))
            .ToList();
        Assert.NotEmpty(components);
        Assert.Equal(components, dom.QuerySelectorAll("table#error-analysis tbody tr")
            .Select(r => (r.GetAttribute("data-component"), (int)Number(r, "data-first-failures"), (int)Number(r, "data-failures"))));

        var costs = json.GetProperty("costs").EnumerateArray().ToList();
        var rows = dom.QuerySelectorAll("table#component-costs tbody tr");
        Assert.Equal(costs.Select(c => c.GetProperty("component").GetString()), rows.Select(r => r.GetAttribute("data-component")));
        foreach (var (cost, row) in costs.Zip(rows))
        {
            Assert.Equal(cost.GetProperty("graded").GetInt32(), (int)Number(row, "data-graded"));
            Assert.Equal(cost.GetProperty("failed").GetInt32(), (int)Number(row, "data-failed"));
            Assert.Equal(cost.GetProperty("latencyMs").GetDouble(), Number(row, "data-latency-ms"));
            decimal? inJson = cost.TryGetProperty("cost", out var c) ? c.GetDecimal() : null;
            decimal? shown = row.GetAttribute("data-cost") is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;
            Assert.Equal(inJson, shown);
        }
        // The pass-rate chart: one bar per graded component, at the JSON's pass rate.
        var graded = costs.Where(c => c.GetProperty("graded").GetInt32() > 0).ToList();
        Assert.Equal(graded.Select(c => c.GetProperty("passRate").GetDouble()), dom.QuerySelectorAll("#chart-pass-rate g.bar").Select(b => Number(b, "data-value")));
    }

    [Fact]
    public async Task The_screenshot_is_written_to_the_artifacts_folder()
    {
        var (_, _, htmlPath, _) = await Page.Value;
        var artifacts = ArtifactsFolder();
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "eval-report.png");
        File.Delete(png);

        await Chromium.ScreenshotAsync(htmlPath, png, 1280, 2000);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal((1280, 2000), Png.Size(bytes));
        // A blank page of that size compresses to a few kilobytes; the report's text, tables and charts do not.
        Assert.True(bytes.Length > 50_000, $"the screenshot is only {bytes.Length} bytes: did the page render?");
    }

    // ${DECLARATIVE_ARTIFACTS:-artifacts}, the default relative to the repository root (tests run in their bin folder).
    private static string ArtifactsFolder()
    {
        var configured = Environment.GetEnvironmentVariable("DECLARATIVE_ARTIFACTS");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Declarative.sln")))
            {
                return Path.Combine(directory.FullName, "artifacts");
            }
        }
        return Path.GetFullPath("artifacts");
    }
}
