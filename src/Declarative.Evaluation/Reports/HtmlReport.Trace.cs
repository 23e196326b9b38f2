using Declarative.Guardrails;

namespace Declarative.Evaluation;

// A run's trace as nested lists: one item per step, an agent invoked inside a step (a tool call that ran
// an agent, an agent invocation of a composition) as a list inside its item, indented. Each item carries
// its step path in the grading scheme ("steps[1].agent.steps[0]", "steps[2].steps[1]"), so a failed
// grade's step is marked.
public static partial class HtmlReport
{
    private static void WriteSteps(HtmlBuilder html, IReadOnlyList<TraceStep> steps, string prefix, HashSet<string> failedPaths)
    {
        if (steps.Count == 0)
        {
            html.Raw("<p class=\"none\">No steps.</p>\n");
            return;
        }
        html.Raw("<ol class=\"trace\">\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var path = prefix + "[" + ReportFormat.Count(i) + "]";
            WriteStep(html, steps[i], path, failedPaths);
        }
        html.Raw("</ol>\n");
    }

    private static void WriteStep(HtmlBuilder html, TraceStep step, string path, HashSet<string> failedPaths)
    {
        var (kind, failed) = step switch
        {
            ModelCallStep m => ("model-call", m.Error is not null),
            ToolCallStep t => ("tool-call", t.IsError),
            AgentInvocationStep a => ("agent-invocation", a.Status != AgentRunStatus.Completed),
            OutputValidationStep o => ("output-validation", !o.IsValid),
            PlanValidationStep p => ("plan-validation", !p.IsValid),
            PlanStepCall p => ("plan-step", p.Status != Planning.PlanStepStatus.Succeeded),
            CheckStep c => ("check", !c.Passed),
            ReflectionRoundStep r => ("reflection-round", !r.Accepted),
            GuardrailStep g => ("guardrail", g.Tripped),
            HandOffStep => ("hand-off", false),
            _ => ("step", false),
        };
        var graded = failedPaths.Contains(path);
        html.Open("li", ("class", "step " + kind + (failed ? " error" : "") + (graded ? " graded-fail" : "")), ("data-kind", kind),
            ("data-path", path));
        html.Raw("<div class=\"head\">");
        if (graded)
        {
            html.Raw("<span class=\"badge fail\" title=\"a grade failed on this step\">graded fail</span> ");
        }
        switch (step)
        {
            case ModelCallStep m:
                html.Element("strong", "model call").Raw(" ").Element("code", m.Model ?? "(model not named)")
                    .Raw(" <span class=\"dim\">").Text($"{ReportFormat.Tokens(m.Usage)} tokens · {ReportFormat.Cost(m.Cost)} · "
                        + $"{ReportFormat.Latency(m.Duration)} · {m.RequestMessageCount} messages in"
                        + (m.FinishReason is null ? "" : " · finish " + m.FinishReason)).Raw("</span></div>");
                if (m.ToolCallIds.Count > 0)
                {
                    html.Raw("<div class=\"dim\">").Text("asked for tool calls " + string.Join(", ", m.ToolCallIds)).Raw("</div>");
                }
                Block(html, "response", m.ResponseText);
                Block(html, "error", m.Error);
                break;
            case ToolCallStep t:
                html.Element("strong", "tool call").Raw(" ").Element("code", t.ToolName)
                    .Raw(" <span class=\"dim\">").Text($"{t.Outcome} · {ReportFormat.Latency(t.Duration)} · call {t.CallId}"
                        + (t.Approved is { } approved ? (approved ? " · approved" : " · denied") : "")
                        + (t.ApprovalReason is null ? "" : " (" + t.ApprovalReason + ")")).Raw("</span></div>");
                Block(html, "arguments", t.Arguments);
                Block(html, "result", t.Result);
                Errors(html, t.Errors);
                if (t.Agent is not null)
                {
                    html.Raw("<div class=\"nested\">");
                    WriteStep(html, t.Agent, path + ".agent", failedPaths, asList: true);
                    html.Raw("</div>");
                }
                break;
            case AgentInvocationStep a:
                html.Element("strong", "agent").Raw(" ").Element("code", a.AgentName)
                    .Raw(" <span class=\"dim\">").Text($"{a.Status}" + (a.Reason is null ? "" : " (" + a.Reason + ")")
                        + $" · {ReportFormat.Tokens(a.Usage)} tokens · {ReportFormat.Cost(a.Cost)} · {ReportFormat.Latency(a.Duration)}")
                    .Raw("</span></div>");
                Block(html, "input", a.Input);
                Block(html, "answer", a.Text);
                html.Raw("<div class=\"nested\">");
                WriteSteps(html, a.Steps, path + ".steps", failedPaths);
                html.Raw("</div>");
                break;
            case OutputValidationStep o:
                html.Element("strong", "output validation").Raw(" ").Text(o.IsValid ? "valid" : "invalid").Raw("</div>");
                Errors(html, o.Errors);
                break;
            case PlanValidationStep p:
                html.Element("strong", "plan validation").Raw(" ").Text(p.IsValid ? "valid" : "invalid").Raw("</div>");
                Block(html, "plan", p.Plan);
                Errors(html, p.Errors);
                break;
            case PlanStepCall p:
                html.Element("strong", "plan step").Raw(" ").Element("code", p.StepId).Raw(" ").Element("code", p.ToolName)
                    .Raw(" <span class=\"dim\">").Text($"{p.Status} · {ReportFormat.Latency(p.Duration)} · {p.Attempts} attempt{(p.Attempts == 1 ? "" : "s")}"
                        + (p.Dependencies.Count > 0 ? " · after " + string.Join(", ", p.Dependencies) : "")
                        + (p.Reason is null ? "" : " · " + p.Reason)).Raw("</span></div>");
                Block(html, "arguments", p.Arguments);
                Block(html, "result", p.Result);
                Errors(html, p.Errors);
                break;
            case CheckStep c:
                html.Element("strong", "check").Raw(" ").Element("code", c.Name).Raw(" ").Text(c.Passed ? "passed" : "failed").Raw("</div>");
                Block(html, "feedback", c.Feedback);
                Errors(html, c.Findings);
                break;
            case ReflectionRoundStep r:
                html.Element("strong", "reflection round").Raw(" ").Text(r.Accepted ? "accepted" : "revise").Raw("</div>");
                if (r.FailedChecks.Count > 0 || r.FailedCriteria.Count > 0)
                {
                    html.Raw("<div class=\"dim\">").Text("failed: " + string.Join(", ", r.FailedChecks.Concat(r.FailedCriteria))).Raw("</div>");
                }
                Block(html, "feedback", r.Feedback);
                break;
            case GuardrailStep g:
                html.Element("strong", "guardrail").Raw(" ").Element("code", g.Name)
                    .Raw(" <span class=\"dim\">").Text(StageName(g.Stage) + (g.Tripped ? " · tripped" : " · passed")
                        + (g.AsFeedback ? " · as feedback" : "")).Raw("</span></div>");
                Block(html, "reason", g.Reason);
                break;
            case HandOffStep h:
                html.Element("strong", "hand-off").Raw(" ").Element("code", h.From).Raw(" → ").Element("code", h.To).Raw("</div>");
                Block(html, "payload", h.Payload);
                break;
            default:
                html.Element("strong", step.GetType().Name).Raw("</div>");
                break;
        }
        html.Raw("</li>\n");
    }

    // A single step shown as a one-item list, so an agent run by a tool call indents like a nested trace.
    private static void WriteStep(HtmlBuilder html, TraceStep step, string path, HashSet<string> failedPaths, bool asList)
    {
        if (!asList)
        {
            WriteStep(html, step, path, failedPaths);
            return;
        }
        html.Raw("<ol class=\"trace\">\n");
        WriteStep(html, step, path, failedPaths);
        html.Raw("</ol>\n");
    }

    private static string StageName(GuardrailKind stage) => stage.ToString().ToLowerInvariant();

    private static void Block(HtmlBuilder html, string label, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        html.Raw("<div class=\"block\"><span class=\"label\">").Text(label).Raw("</span>")
            .Element("pre", text, ("class", label == "error" ? "error" : null)).Raw("</div>");
    }

    private static void Errors(HtmlBuilder html, IReadOnlyList<ToolError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        html.Raw("<ul class=\"findings error\">");
        foreach (var error in errors)
        {
            html.Raw("<li>").Element("code", error.Path).Raw(" ").Text(error.Message).Raw("</li>");
        }
        html.Raw("</ul>");
    }
}
