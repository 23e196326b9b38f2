using Declarative.Reflection;

namespace Declarative.Evaluation;

// Every case as a <details> that opens to its runs; each run to its grades, its answer and its trace.
public static partial class HtmlReport
{
    private static void WriteCases(HtmlBuilder html, EvalResult result)
    {
        html.Raw("<section id=\"case-list\">\n<h2>Cases</h2>\n")
            .Raw("<p class=\"note\">Open a case for its runs; open a run for its grades and trace. Failed steps are marked.</p>\n");
        // The first case that did not pass opens, on its first failed run: the page opens where a reader would go.
        var opened = result.Cases.FirstOrDefault(c => !c.IsPassed);
        for (var i = 0; i < result.Cases.Count; i++)
        {
            WriteCase(html, result.Cases[i], "case-" + ReportFormat.Count(i), ReferenceEquals(result.Cases[i], opened));
        }
        html.Raw("</section>\n");
    }

    private static void WriteCase(HtmlBuilder html, CaseResult c, string anchor, bool open)
    {
        var verdict = ReportFacts.Verdict(c);
        html.Open("details", ("class", "case " + verdict), ("id", anchor), ("data-case-id", c.Id), ("data-verdict", verdict),
                ("data-passed-runs", ReportFormat.Count(c.PassedRuns)), ("data-runs", ReportFormat.Count(c.Runs.Count)),
                ("data-pass-rate", ReportFormat.Number(c.PassRate)), ("open", open ? "" : null))
            .Raw("<summary>").Element("span", verdict, ("class", "badge " + verdict)).Raw(" ")
            .Element("code", c.Id, ("class", "case-id"))
            .Raw(" <span class=\"dim\">").Text($"{c.PassedRuns}/{c.Runs.Count} runs passed").Raw("</span>");
        foreach (var tag in c.Tags)
        {
            html.Raw(" ").Element("span", tag, ("class", "tag"));
        }
        var firstFailure = c.Runs.Where(r => !r.Passed).Select(r => ReportFacts.FirstFailure(r).Component).FirstOrDefault(x => x is not null);
        if (firstFailure is not null)
        {
            html.Raw(" <span class=\"dim\">first failure at</span> ").Element("code", firstFailure);
        }
        html.Raw("</summary>\n<div class=\"body\">");
        html.Raw("<p class=\"dim\">").Text((c.Line > 0 ? $"line {c.Line} · " : "")
            + $"pass rate {ReportFormat.Percent(c.PassRate)}, interval {ReportFormat.Percent(c.Interval)}").Raw("</p>\n");
        var openRun = open ? c.Runs.FirstOrDefault(r => !r.Passed) : null;
        foreach (var run in c.Runs)
        {
            WriteRun(html, run, anchor, ReferenceEquals(run, openRun));
        }
        html.Raw("</div></details>\n");
    }

    private static void WriteRun(HtmlBuilder html, CaseRun run, string caseAnchor, bool open)
    {
        var (component, reason) = ReportFacts.FirstFailure(run);
        var state = run.Passed ? "pass" : "fail";
        html.Open("details", ("class", "run " + state), ("id", caseAnchor + "-run-" + ReportFormat.Count(run.Repetition)),
                ("data-repetition", ReportFormat.Count(run.Repetition)), ("data-passed", run.Passed ? "true" : "false"),
                ("data-failed-component", component), ("open", open ? "" : null))
            .Raw("<summary>").Element("span", state, ("class", "badge " + state)).Raw(" ")
            .Text($"Run {run.Repetition}");
        if (component is not null)
        {
            html.Raw(" <span class=\"dim\">failed at</span> ").Element("code", component).Raw(" <span class=\"reason\">")
                .Text(ReportFormat.Clip(reason, 120)).Raw("</span>");
        }
        var facts = $"{ReportFormat.Latency(run.DurationMs)} · {ReportFormat.Cost(run.Cost)} · {ReportFormat.Tokens(run.Usage)} tokens"
            + (run.JudgeCost is { } judge ? $" · judge {ReportFormat.Cost(judge)}" : "")
            + $" · cache {run.CacheHits} hit{(run.CacheHits == 1 ? "" : "s")}, {run.CacheMisses} miss{(run.CacheMisses == 1 ? "" : "es")}"
            + (run.Retries > 0 ? $" · {run.Retries} retr{(run.Retries == 1 ? "y" : "ies")}" : "");
        html.Raw(" <span class=\"dim\">").Text(facts).Raw("</span></summary>\n<div class=\"body\">");

        if (run.Status is not null || run.Error is not null)
        {
            html.Raw("<p>").Text("Status: " + (run.Status ?? "(none)") + (run.Reason is null ? "" : " (" + run.Reason + ")")).Raw("</p>");
        }
        if (run.Error is not null)
        {
            html.Element("pre", run.Error, ("class", "error"));
        }
        WriteGrades(html, run.Grades);
        if (run.Text is not null)
        {
            html.Raw("<h4>Answer</h4>").Element("pre", run.Text, ("class", "answer"));
        }
        var failedPaths = run.Grades.Where(g => !g.Passed && g.StepPath is not null).Select(g => g.StepPath!).ToHashSet(StringComparer.Ordinal);
        html.Raw("<h4>Trace</h4><p class=\"dim\">").Text(TraceLine(run.Trace)).Raw("</p>\n");
        WriteSteps(html, run.Trace.Steps, "steps", failedPaths);
        html.Raw("</div></details>\n");
    }

    private static string TraceLine(RunTrace trace)
        => $"agent {trace.AgentName} · {trace.Status}" + (trace.Reason is null ? "" : $" ({trace.Reason})")
            + $" · {trace.Steps.Count} steps · {ReportFormat.Latency(trace.Duration)} · {ReportFormat.Cost(trace.Cost)}";

    private static void WriteGrades(HtmlBuilder html, IReadOnlyList<Grade> grades)
    {
        if (grades.Count == 0)
        {
            html.Raw("<p class=\"none\">No grades.</p>");
            return;
        }
        html.Raw("<table class=\"grades\"><thead><tr><th>Grader</th><th>Component</th><th>Verdict</th><th>Why</th><th>Step</th>")
            .Raw("<th class=\"num\">Judge cost</th></tr></thead><tbody>\n");
        foreach (var g in grades)
        {
            var verdict = g.Passed ? "pass" : "fail";
            html.Open("tr", ("class", "grade " + verdict), ("data-grader", g.Grader), ("data-component", g.Component), ("data-passed", g.Passed ? "true" : "false"))
                .Element("td", g.Grader)
                .Element("td", g.Component, ("class", "component"))
                .Raw("<td>").Element("span", verdict, ("class", "badge " + verdict)).Raw("</td><td>");
            if (g.Reason is not null)
            {
                html.Element("div", g.Reason, ("class", "reason"));
            }
            if (g.Findings.Count > 0)
            {
                html.Raw("<ul class=\"findings\">");
                foreach (var finding in g.Findings)
                {
                    html.Raw("<li>").Element("code", finding.Path).Raw(" ").Text(finding.Message).Raw("</li>");
                }
                html.Raw("</ul>");
            }
            WriteCriteria(html, g.Criteria);
            if (g.Metrics.Count > 0)
            {
                html.Raw("<div class=\"dim\">").Text(string.Join(", ", g.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => m.Key + " = " + ReportFormat.Number(m.Value)))).Raw("</div>");
            }
            html.Raw("</td>")
                .Element("td", g.StepPath ?? (g.StepOrder is { } order ? "#" + ReportFormat.Count(order) : "end to end"), ("class", "path"))
                .Element("td", g.JudgeCost is { } cost ? ReportFormat.Cost(cost) : "", ("class", "num"))
                .Raw("</tr>\n");
        }
        html.Raw("</tbody></table>\n");
    }

    private static void WriteCriteria(HtmlBuilder html, IReadOnlyList<RubricItem> criteria)
    {
        if (criteria.Count == 0)
        {
            return;
        }
        html.Raw("<ul class=\"criteria\">");
        foreach (var item in criteria)
        {
            var verdict = item.Passed ? "pass" : "fail";
            html.Open("li", ("class", verdict), ("data-passed", item.Passed ? "true" : "false"))
                .Element("span", item.Passed ? "✓" : "✗", ("class", "mark " + verdict)).Raw(" ")
                .Text(item.Criterion);
            if (item.Reason is not null)
            {
                html.Raw(" <span class=\"dim\">— ").Text(item.Reason).Raw("</span>");
            }
            html.Raw("</li>");
        }
        html.Raw("</ul>");
    }
}
