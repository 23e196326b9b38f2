namespace Declarative.Evaluation;

// The per-component section: three inline SVG bar charts (pass rate, cost, latency) and the table they
// are drawn from. SVG inline in HTML takes the page's CSS, so the bars are coloured by class.
public static partial class HtmlReport
{
    private const int ChartWidth = 640;
    private const int LabelWidth = 190;
    private const int BarArea = 340;
    private const int RowHeight = 22;
    private const int BarHeight = 14;

    private readonly record struct Bar(string Component, double? Value, string Text, string Title, string Class);

    private static void WriteComponents(HtmlBuilder html, EvalResult result)
    {
        if (result.Costs.Count == 0)
        {
            return;
        }
        html.Raw("<section id=\"components\">\n<h2>Components</h2>\n<div class=\"charts\">\n");

        var graded = result.Costs.Where(c => c.Graded > 0).ToList();
        Chart(html, "chart-pass-rate", "Pass rate per component (passed grades / graded)", 1.0, graded.Select(c =>
        {
            var share = ReportFacts.PassShare(c)!.Value;
            return new Bar(c.Component, share, ReportFormat.Percent(share),
                $"{c.Component}: {ReportFormat.Percent(share)} ({c.Graded - c.Failed} of {c.Graded} grades passed)", RateClass(share));
        }).ToList());

        var maxCost = result.Costs.Max(c => c.Cost ?? 0m);
        Chart(html, "chart-cost", "Cost per component (all runs)", (double)maxCost, result.Costs.Select(c =>
            new Bar(c.Component, c.Cost is { } v ? (double)v : null, ReportFormat.Cost(c.Cost),
                $"{c.Component}: {ReportFormat.Cost(c.Cost)}, {ReportFormat.Tokens(c.Usage)} tokens", "cost")).ToList());

        var maxLatency = result.Costs.Max(c => c.LatencyMs);
        Chart(html, "chart-latency", "Latency per component (summed over steps and runs)", maxLatency, result.Costs.Select(c =>
            new Bar(c.Component, c.LatencyMs, ReportFormat.Latency(c.LatencyMs),
                $"{c.Component}: {ReportFormat.Latency(c.LatencyMs)} over {c.Steps} steps", "latency")).ToList());
        html.Raw("</div>\n");

        html.Raw("<table id=\"component-costs\"><thead><tr><th>Component</th><th class=\"num\">Steps</th><th class=\"num\">Latency</th>")
            .Raw("<th class=\"num\">Tokens</th><th class=\"num\">Cost</th><th class=\"num\">Graded</th><th class=\"num\">Failed</th>")
            .Raw("<th class=\"num\">Passed</th></tr></thead><tbody>\n");
        foreach (var c in result.Costs)
        {
            var share = ReportFacts.PassShare(c);
            html.Open("tr", ("data-component", c.Component), ("data-steps", ReportFormat.Count(c.Steps)),
                    ("data-latency-ms", ReportFormat.Number(c.LatencyMs)), ("data-cost", c.Cost is { } v ? ReportFormat.Number(v) : null),
                    ("data-graded", ReportFormat.Count(c.Graded)), ("data-failed", ReportFormat.Count(c.Failed)))
                .Element("td", c.Component, ("class", "component"))
                .Element("td", ReportFormat.Count(c.Steps), ("class", "num"))
                .Element("td", ReportFormat.Latency(c.LatencyMs), ("class", "num"))
                .Element("td", ReportFormat.Count(c.Usage.TotalTokens), ("class", "num"), ("title", ReportFormat.Tokens(c.Usage)))
                .Element("td", ReportFormat.Cost(c.Cost), ("class", "num"))
                .Element("td", ReportFormat.Count(c.Graded), ("class", "num"))
                .Element("td", ReportFormat.Count(c.Failed), ("class", "num"))
                .Element("td", share is { } p ? ReportFormat.Percent(p) : "–", ("class", "num " + (share is { } q ? RateClass(q) : "muted")))
                .Raw("</tr>\n");
        }
        html.Raw("</tbody></table>\n</section>\n");
    }

    // A horizontal bar chart: one row per component, the label left, the bar scaled to max, the value right.
    private static void Chart(HtmlBuilder html, string id, string title, double max, IReadOnlyList<Bar> bars)
    {
        html.Open("figure", ("class", "chart"), ("id", id)).Element("figcaption", title);
        if (bars.Count == 0)
        {
            html.Raw("<p class=\"none\">nothing to show</p></figure>\n");
            return;
        }
        var height = ReportFormat.Count(bars.Count * RowHeight + 6);
        html.Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("width", ReportFormat.Count(ChartWidth)), ("height", height),
            ("viewBox", "0 0 " + ReportFormat.Count(ChartWidth) + " " + height), ("role", "img"), ("aria-label", title)).Line();
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * RowHeight + 4;
            var width = bar.Value is { } v && max > 0 && double.IsFinite(v) ? Math.Clamp(v / max, 0, 1) * BarArea : 0;
            html.Open("g", ("class", "bar " + bar.Class), ("data-component", bar.Component),
                    ("data-value", bar.Value is { } value ? ReportFormat.Number(value) : null))
                .Element("title", bar.Title)
                .Element("text", ReportFormat.Clip(bar.Component, 28), ("x", "0"), ("y", Px(y + BarHeight - 3)), ("class", "label"))
                .Open("rect", ("x", Px(LabelWidth)), ("y", Px(y)), ("width", Px(BarArea)), ("height", Px(BarHeight)), ("class", "track")).Close("rect")
                .Open("rect", ("x", Px(LabelWidth)), ("y", Px(y)), ("width", Px(width)), ("height", Px(BarHeight)), ("class", "fill")).Close("rect")
                .Element("text", bar.Text, ("x", Px(LabelWidth + BarArea + 8)), ("y", Px(y + BarHeight - 3)), ("class", "value"))
                .Close("g").Line();
        }
        html.Raw("</svg></figure>\n");
    }

    private static string Px(double value) => Math.Round(value, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
