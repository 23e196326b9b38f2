namespace Declarative.Evaluation;

/// <summary>
/// An eval run as one self-contained HTML page: inline CSS and SVG, no script, no external fonts or
/// images, so it can be attached to a CI run, mailed or opened from disk anywhere.
/// </summary>
/// <remarks>
/// <para>The page has a header (run name, target, dataset, date), the summary numbers, the error
/// analysis per component and per tag, bar charts of the pass rate, cost and latency per component, the
/// comparison with a baseline when one is given, and every case as a <c>&lt;details&gt;</c> element that
/// opens to its runs, their grades (with a judge's criteria) and their traces (model calls with tokens,
/// cost and response text; tool calls with arguments, results and errors; nested agent invocations
/// indented).</para>
/// <para>Everything taken from the data is HTML-encoded. The numbers a program may want to check are in
/// attributes: <c>id="pass-rate" data-value="0.85"</c>, <c>id="pass-rate-interval" data-low data-high</c>,
/// <c>id="cases"</c>, <c>id="cost"</c>, rows of <c>table#error-analysis</c> with <c>data-component</c>,
/// <c>data-first-failures</c> and <c>data-failures</c>, and so on; values are written in the invariant
/// culture (doubles round-trip). The output is deterministic: the same result gives the same page.</para>
/// </remarks>
/// <example>
/// <code>
/// File.WriteAllText("eval-report.html", HtmlReport.Write(result));
/// </code>
/// </example>
public static partial class HtmlReport
{
    /// <summary>Writes the page for <paramref name="result"/>.</summary>
    /// <param name="result">The eval run to show.</param>
    /// <returns>The HTML document, UTF-8 when written with the default encoding.</returns>
    public static string Write(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new HtmlBuilder();
        var anchors = CaseAnchors(result);
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"generator\" content=\"Declarative.Evaluation\">\n")
            .Element("title", "Eval report: " + result.Name).Line()
            .Raw("<style>").Raw(Styles).Raw("</style>\n</head>\n<body>\n");
        WriteHeader(html, result);
        html.Raw("<main>\n");
        WriteSummary(html, result);
        WriteErrorAnalysis(html, result, anchors);
        WriteComponents(html, result);
        WriteCases(html, result);
        html.Raw("</main>\n<footer>Written by Declarative.Evaluation &middot; report format ")
            .Text(result.SchemaVersion).Raw("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    // Element ids come from the case's position, never from its id (data), which goes in data-case-id.
    private static Dictionary<string, string> CaseAnchors(EvalResult result)
    {
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < result.Cases.Count; i++)
        {
            anchors.TryAdd(result.Cases[i].Id, "case-" + ReportFormat.Count(i));
        }
        return anchors;
    }

    private static void WriteHeader(HtmlBuilder html, EvalResult result)
    {
        html.Raw("<header>\n<h1>Eval <span id=\"run-name\">").Text(result.Name).Raw("</span></h1>\n<dl class=\"meta\">");
        html.Raw("<div><dt>Target</dt>").Element("dd", result.Target, ("id", "target")).Raw("</div>");
        html.Raw("<div><dt>Dataset</dt>").Element("dd", result.Dataset, ("id", "dataset")).Raw("</div>");
        html.Raw("<div><dt>Started</dt><dd>")
            .Element("time", ReportFormat.Date(result.StartedAt), ("id", "started"), ("datetime", result.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))
            .Raw("</dd></div>");
        html.Raw("<div><dt>Duration</dt>")
            .Element("dd", ReportFormat.Latency(result.DurationMs), ("id", "duration"), ("data-ms", ReportFormat.Number(result.DurationMs)))
            .Raw("</div>");
        html.Raw("<div><dt>Repetitions</dt>")
            .Element("dd", ReportFormat.Count(result.Repetitions), ("id", "repetitions"), ("data-value", ReportFormat.Count(result.Repetitions)))
            .Raw("</div>");
        html.Raw("</dl>\n</header>\n");
    }

    private static void WriteSummary(HtmlBuilder html, EvalResult result)
    {
        var s = result.Summary;
        var level = ReportFormat.Percent(result.ConfidenceLevel).Replace(".0%", "%", StringComparison.Ordinal);
        html.Raw("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");

        html.Open("div", ("class", "card " + RateClass(s.PassRate))).Raw("<div class=\"label\">Pass rate (runs)</div><div class=\"big\">")
            .Element("span", ReportFormat.Percent(s.PassRate), ("id", "pass-rate"), ("data-value", ReportFormat.Number(s.PassRate)))
            .Raw("</div><div class=\"sub\">").Text(level + " interval ")
            .Element("span", ReportFormat.Percent(s.Interval), ("id", "pass-rate-interval"),
                ("data-low", ReportFormat.Number(s.Interval.Low)), ("data-high", ReportFormat.Number(s.Interval.High)),
                ("data-confidence", ReportFormat.Number(result.ConfidenceLevel)))
            .Raw("</div><div class=\"sub\">");
        Number(html, "passed-runs", s.PassedRuns).Raw(" of ");
        Number(html, "runs", s.Runs).Raw(" runs passed</div></div>\n");

        html.Raw("<div class=\"card\"><div class=\"label\">Cases</div><div class=\"big\">");
        Number(html, "cases", s.Cases).Raw("</div><div class=\"sub\">");
        Number(html, "passed-cases", s.PassedCases).Raw(" passed &middot; ");
        Number(html, "flaky-cases", s.FlakyCases).Raw(" flaky &middot; ");
        Number(html, "failed-cases", ReportFacts.FailedCases(s)).Raw(" failed</div></div>\n");

        html.Raw("<div class=\"card\"><div class=\"label\">Cost</div><div class=\"big\">");
        Money(html, "cost", s.Cost).Raw("</div><div class=\"sub\">judge ");
        Money(html, "judge-cost", s.JudgeCost).Raw("</div><div class=\"sub\">")
            .Element("span", ReportFormat.Tokens(s.Usage), ("id", "tokens"), ("data-input", ReportFormat.Count(s.Usage.InputTokens)),
                ("data-output", ReportFormat.Count(s.Usage.OutputTokens)), ("data-cached", ReportFormat.Count(s.Usage.CachedInputTokens)))
            .Raw(" tokens</div></div>\n");

        html.Raw("<div class=\"card\"><div class=\"label\">Latency per run</div><div class=\"big\">p50 ");
        Duration(html, "latency-p50", s.MedianLatencyMs).Raw("</div><div class=\"sub\">p95 ");
        Duration(html, "latency-p95", s.P95LatencyMs).Raw("</div></div>\n");

        html.Raw("<div class=\"card\"><div class=\"label\">Response cache</div><div class=\"big\">");
        Number(html, "cache-hits", s.CacheHits).Raw(" hits</div><div class=\"sub\">");
        Number(html, "cache-misses", s.CacheMisses).Raw(" misses</div></div>\n");
        html.Raw("</div>\n</section>\n");
    }

    private static void WriteErrorAnalysis(HtmlBuilder html, EvalResult result, Dictionary<string, string> anchors)
    {
        html.Raw("<section id=\"errors\">\n<h2>Error analysis</h2>\n")
            .Raw("<p class=\"note\">Each failed run counts once, at the first component that failed in trace order (first failures); ")
            .Raw("failed grades count every failing grade.</p>\n");
        if (result.Errors.Components.Count == 0)
        {
            html.Raw("<p id=\"no-failures\">No failures.</p>\n");
        }
        else
        {
            html.Raw("<table id=\"error-analysis\"><thead><tr><th>Component</th><th class=\"num\">First failures</th>")
                .Raw("<th class=\"num\">Failed grades</th><th>Example cases</th></tr></thead><tbody>\n");
            foreach (var c in result.Errors.Components)
            {
                FailureRow(html, c, anchors, tag: null, first: true, tagCells: null);
            }
            html.Raw("</tbody></table>\n");
        }
        if (result.Errors.ByTag.Count > 0)
        {
            html.Raw("<h3>By tag</h3>\n<table id=\"by-tag\"><thead><tr><th>Tag</th><th class=\"num\">Runs</th><th class=\"num\">Passed</th>")
                .Raw("<th class=\"num\">Pass rate</th><th>Component</th><th class=\"num\">First failures</th><th class=\"num\">Failed grades</th>")
                .Raw("<th>Example cases</th></tr></thead>\n");
            foreach (var tag in result.Errors.ByTag)
            {
                // One tbody per tag, so its rows group; the tag's own cells span them.
                html.Open("tbody", ("class", "tag-group"), ("data-tag", tag.Tag), ("data-runs", ReportFormat.Count(tag.Runs)),
                    ("data-passed-runs", ReportFormat.Count(tag.PassedRuns)));
                if (tag.Components.Count == 0)
                {
                    html.Raw("<tr>");
                    TagCells(html, tag, 1);
                    html.Raw("<td colspan=\"4\" class=\"none\">no failures</td></tr>");
                }
                for (var i = 0; i < tag.Components.Count; i++)
                {
                    FailureRow(html, tag.Components[i], anchors, tag.Tag, first: i == 0, tagCells: tag);
                }
                html.Raw("</tbody>\n");
            }
            html.Raw("</table>\n");
        }
        html.Raw("</section>\n");
    }

    private static void FailureRow(HtmlBuilder html, ComponentFailures c, Dictionary<string, string> anchors, string? tag, bool first, TagFailures? tagCells)
    {
        html.Open("tr", ("data-component", c.Component), ("data-tag", tag), ("data-first-failures", ReportFormat.Count(c.FirstFailures)),
            ("data-failures", ReportFormat.Count(c.Failures)));
        if (tagCells is not null && first)
        {
            TagCells(html, tagCells, tagCells.Components.Count);
        }
        html.Element("td", c.Component, ("class", "component"))
            .Element("td", ReportFormat.Count(c.FirstFailures), ("class", "num"))
            .Element("td", ReportFormat.Count(c.Failures), ("class", "num"))
            .Raw("<td class=\"examples\">");
        CaseLinks(html, c.ExampleCaseIds, anchors);
        html.Raw("</td></tr>\n");
    }

    private static void TagCells(HtmlBuilder html, TagFailures tag, int rows)
    {
        var span = ReportFormat.Count(Math.Max(1, rows));
        var rate = tag.Runs == 0 ? double.NaN : tag.PassRate;
        html.Element("th", tag.Tag, ("rowspan", span), ("scope", "rowgroup"))
            .Element("td", ReportFormat.Count(tag.Runs), ("class", "num"), ("rowspan", span))
            .Element("td", ReportFormat.Count(tag.PassedRuns), ("class", "num"), ("rowspan", span))
            .Element("td", ReportFormat.Percent(rate), ("class", "num " + RateClass(rate)), ("rowspan", span));
    }

    private static void CaseLinks(HtmlBuilder html, IEnumerable<string> ids, Dictionary<string, string> anchors)
    {
        var first = true;
        foreach (var id in ids)
        {
            if (!first)
            {
                html.Raw(", ");
            }
            first = false;
            if (anchors.TryGetValue(id, out var anchor))
            {
                html.Element("a", id, ("href", "#" + anchor), ("class", "case-link"));
            }
            else
            {
                html.Element("span", id, ("class", "case-link"));
            }
        }
    }

    private static HtmlBuilder Number(HtmlBuilder html, string id, long value)
        => html.Element("span", ReportFormat.Count(value), ("id", id), ("data-value", ReportFormat.Count(value)));

    // An unpriced cost has no data-value: the JSON has no number for it either.
    private static HtmlBuilder Money(HtmlBuilder html, string id, decimal? value)
        => html.Element("span", ReportFormat.Cost(value), ("id", id), ("data-value", value is { } v ? ReportFormat.Number(v) : null));

    private static HtmlBuilder Duration(HtmlBuilder html, string id, double milliseconds)
        => html.Element("span", ReportFormat.Latency(milliseconds), ("id", id), ("data-ms", ReportFormat.Number(milliseconds)));

    private static string RateClass(double share)
        => !double.IsFinite(share) ? "muted" : share >= 0.9 ? "good" : share >= 0.5 ? "warn" : "bad";
}
