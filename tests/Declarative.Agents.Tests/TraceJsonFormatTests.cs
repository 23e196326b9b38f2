using Xunit;
using Declarative.Planning;

namespace Declarative.Agents.Tests;

/// <summary>
/// The trace's JSON is a format people store and diff: every kind of step, every field, written exactly
/// as the golden file says (written by the trace types before they became immutable) and read back
/// to the same JSON.
/// </summary>
public sealed class TraceJsonFormatTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    internal static RunTrace EveryKindOfStep() => new()
    {
        AgentName = "golden",
        StartedAt = Start,
        Duration = TimeSpan.FromMilliseconds(1234.5),
        Status = AgentRunStatus.PlanStepsFailed,
        Reason = "a step failed",
        Usage = new UsageTotals { InputTokens = 300, OutputTokens = 40, CachedInputTokens = 100 },
        Cost = 0.0125m,
        Steps =
        [
            new ModelCallStep
            {
                Index = 0, Iteration = 1, StartedAt = Start, Duration = TimeSpan.FromMilliseconds(250),
                Model = "gpt-4o-2024-08-06", RequestMessageCount = 2, RequestCharacters = 120, ResponseText = null,
                ToolCallIds = ["c1", "c2"], FinishReason = "tool_calls",
                Usage = new UsageTotals { InputTokens = 100, OutputTokens = 20, CachedInputTokens = 100 }, Cost = 0.005m,
            },
            new ToolCallStep
            {
                Index = 1, Iteration = 1, StartedAt = Start.AddMilliseconds(250), Duration = TimeSpan.FromMilliseconds(3),
                ToolName = "add", CallId = "c1", Arguments = """{"a":1,"b":2}""", Result = "3", Outcome = ToolCallOutcome.Succeeded,
            },
            new ToolCallStep
            {
                Index = 2, Iteration = 1, StartedAt = Start.AddMilliseconds(253), ToolName = "refund", CallId = "c2",
                Arguments = """{"orderId":"A-1"}""", Outcome = ToolCallOutcome.Denied, Approved = false, ApprovalReason = "too large",
                Errors = [new ToolError("$", "the call to 'refund' was not approved: too large. It did not run.")],
            },
            new OutputValidationStep
            {
                Index = 3, Iteration = 2, StartedAt = Start.AddMilliseconds(300), Text = "{\"answer\":",
                Errors = [new ToolError("$", "the answer is not valid")],
            },
            new PlanValidationStep
            {
                Index = 4, Iteration = 3, StartedAt = Start.AddMilliseconds(400), Plan = """{"steps":[]}""",
                Errors = [new ToolError("$.steps", "a plan needs at least one step")],
            },
            new PlanStepCall
            {
                Index = 5, Iteration = 4, StartedAt = Start.AddMilliseconds(500), Duration = TimeSpan.FromMilliseconds(7),
                StepId = "s1", ToolName = "lookup", Arguments = """{"key":"k"}""", Result = "\"v\"", Status = PlanStepStatus.Succeeded,
                Attempts = 2, Dependencies = ["s0"], Approved = true,
            },
            new PlanStepCall
            {
                Index = 6, Iteration = 4, StartedAt = Start.AddMilliseconds(507), StepId = "s2", ToolName = "log",
                Status = PlanStepStatus.Skipped, Reason = "step 's1' did not succeed", Dependencies = ["s1"],
            },
        ],
    };

    private static string GoldenPath([System.Runtime.CompilerServices.CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "Golden", "trace.json");

    [Fact]
    public void The_json_format_is_the_golden_one()
    {
        var json = EveryKindOfStep().ToJson().ReplaceLineEndings("\n");
        var path = GoldenPath();
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("DECLARATIVE_ACCEPT_GOLDEN") == "1")
        {
            File.WriteAllText(path, json);
        }
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void Reading_and_writing_again_gives_the_same_json()
    {
        var json = EveryKindOfStep().ToJson();
        var back = RunTrace.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(7, back.Steps.Count);
        Assert.Equal(["c1", "c2"], back.ModelCalls.Single().ToolCallIds);
        Assert.Equal(ToolCallOutcome.Denied, back.ToolCalls.Last().Outcome);
        Assert.Equal(PlanStepStatus.Skipped, back.PlanSteps.Last().Status);
        Assert.Equal(0.0125m, back.Cost);
    }
}

/// <summary>The step kinds added after the golden file: they serialize and read back like the others.</summary>
public sealed class NewStepKindsJsonTests
{
    [Fact]
    public void Check_round_and_guardrail_steps_round_trip()
    {
        var trace = new RunTrace
        {
            AgentName = "kinds",
            Steps =
            [
                new CheckStep { Index = 0, Iteration = 1, Name = "short_headline", Feedback = "too long", Findings = [new ToolError("$.headline", "34 characters")] },
                new ReflectionRoundStep { Index = 1, Iteration = 1, FailedChecks = ["short_headline"], FailedCriteria = ["catchy"], Feedback = "fix it" },
                new GuardrailStep { Index = 2, Iteration = 2, Name = "no_pii", Stage = Declarative.Guardrails.GuardrailKind.ToolCall, CallId = "c1", Tripped = true, Reason = "card number" },
            ],
        };

        var json = trace.ToJson();
        var back = RunTrace.FromJson(json);

        Assert.Contains("\"kind\": \"check\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"reflection_round\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"guardrail\"", json, StringComparison.Ordinal);
        Assert.Contains("\"stage\": \"ToolCall\"", json, StringComparison.Ordinal);
        Assert.Equal(json, back.ToJson());
        Assert.Equal("$.headline", Assert.IsType<CheckStep>(back.Steps[0]).Findings[0].Path);
        Assert.True(Assert.IsType<GuardrailStep>(back.Steps[2]).Tripped);
    }
}
