using Declarative.Guardrails;
using Declarative.Planning;

namespace Declarative.Evaluation.Tests;

// A trace with one step of every kind, an agent run by a tool call and an agent invocation with its own
// steps, for the tests of what the reports show of a trace (the sample's agent makes only model and tool calls).
internal static class ReportTraces
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);

    public static RunTrace EveryKindOfStep() => new()
    {
        AgentName = "Manager",
        StartedAt = At,
        Duration = TimeSpan.FromMilliseconds(420),
        Status = AgentRunStatus.Completed,
        Usage = new UsageTotals { InputTokens = 900, OutputTokens = 60 },
        Cost = 0.0002m,
        Steps =
        [
            new GuardrailStep { Index = 0, Iteration = 0, StartedAt = At, Name = "no_pii", Stage = GuardrailKind.Input, Reason = "clean" },
            new ModelCallStep
            {
                Index = 1, Iteration = 1, StartedAt = At, Duration = TimeSpan.FromMilliseconds(120), Model = "small",
                RequestMessageCount = 2, RequestCharacters = 80, ToolCallIds = ["call_9"], FinishReason = "tool_calls",
                Usage = new UsageTotals { InputTokens = 400, OutputTokens = 20 }, Cost = 0.0001m,
            },
            new ToolCallStep
            {
                Index = 2, Iteration = 1, StartedAt = At, Duration = TimeSpan.FromMilliseconds(90), ToolName = "ask_pricer", CallId = "call_9",
                Arguments = """{"question":"price of <b>SG-001</b>?"}""", Result = "\"12.50\"", Outcome = ToolCallOutcome.Succeeded,
                Agent = new AgentInvocationStep
                {
                    AgentName = "Pricer", CallId = "call_9", StartedAt = At, Status = AgentRunStatus.Completed, Input = "price of SG-001?", Text = "12.50",
                    Steps =
                    [
                        new ModelCallStep { StartedAt = At, Model = "tiny", ResponseText = "nested pricer answer 12.50", FinishReason = "stop",
                            Usage = new UsageTotals { InputTokens = 100, OutputTokens = 5 } },
                    ],
                    Usage = new UsageTotals { InputTokens = 100, OutputTokens = 5 },
                },
            },
            new PlanValidationStep { Index = 3, Iteration = 2, StartedAt = At, Plan = """{"steps":[]}""", Errors = [new ToolError("$.steps", "a plan needs a step")] },
            new PlanStepCall
            {
                Index = 4, Iteration = 2, StartedAt = At, StepId = "s1", ToolName = "lookup_price", Arguments = """{"item":"SG-001"}""",
                Status = PlanStepStatus.Failed, Attempts = 2, Dependencies = ["s0"], Errors = [new ToolError("$", "no item")], Reason = "failed twice",
            },
            new AgentInvocationStep
            {
                Index = 5, Iteration = 3, StartedAt = At, AgentName = "Writer", Status = AgentRunStatus.BudgetExceeded, Reason = "over budget",
                Steps = [new ModelCallStep { StartedAt = At, Model = "small", Error = "the model refused" }],
            },
            new HandOffStep { Index = 6, Iteration = 3, StartedAt = At, From = "Writer", To = "Editor", Payload = """{"draft":"…"}""" },
            new CheckStep { Index = 7, Iteration = 4, StartedAt = At, Name = "has_price", Passed = false, Feedback = "no price", Findings = [new ToolError("$.text", "no $")] },
            new ReflectionRoundStep { Index = 8, Iteration = 4, StartedAt = At, Accepted = false, FailedChecks = ["has_price"], FailedCriteria = ["polite"], Feedback = "add the price" },
            new OutputValidationStep { Index = 9, Iteration = 5, StartedAt = At, Text = """{"price":12.5}""" },
            new ModelCallStep { Index = 10, Iteration = 5, StartedAt = At, Model = "small", ResponseText = "SG-001 costs $12.50.", FinishReason = "stop" },
        ],
    };

    /// <summary>The sample with its first case's first run given <paramref name="trace"/>, and a failed grade on the nested agent's step.</summary>
    public static EvalResult WithTrace(EvalResult sample, RunTrace trace)
    {
        var first = sample.Cases[0];
        var run = first.Runs[0];
        var replaced = new CaseRun
        {
            Repetition = run.Repetition,
            Passed = false,
            FailedComponent = "agent:Pricer",
            Grades = [.. run.Grades, new Grade { Grader = "pricer_answer", Component = "agent:Pricer", Passed = false, Reason = "answered without a unit",
                StepOrder = 3, StepPath = "steps[2].agent.steps[0]" }],
            Status = run.Status,
            Text = run.Text,
            Trace = trace,
            DurationMs = run.DurationMs,
            Cost = run.Cost,
            Usage = run.Usage,
            JudgeCost = run.JudgeCost,
            JudgeUsage = run.JudgeUsage,
            CacheHits = run.CacheHits,
            CacheMisses = run.CacheMisses,
            Retries = run.Retries,
        };
        var changed = new CaseResult
        {
            Id = first.Id,
            Tags = first.Tags,
            Line = first.Line,
            Input = first.Input,
            Expected = first.Expected,
            Runs = [replaced, .. first.Runs.Skip(1)],
            PassedRuns = first.PassedRuns,
            PassRate = first.PassRate,
            Interval = first.Interval,
            IsPassed = first.IsPassed,
            IsFlaky = first.IsFlaky,
        };
        return new EvalResult
        {
            Name = sample.Name,
            Target = sample.Target,
            Dataset = sample.Dataset,
            StartedAt = sample.StartedAt,
            DurationMs = sample.DurationMs,
            Repetitions = sample.Repetitions,
            ConfidenceLevel = sample.ConfidenceLevel,
            Summary = sample.Summary,
            Errors = sample.Errors,
            Costs = sample.Costs,
            Cases = [changed, .. sample.Cases.Skip(1)],
        };
    }
}
