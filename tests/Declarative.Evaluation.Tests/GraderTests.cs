using System.Text.Json;
using Declarative.Reflection;
using Declarative.Testing;

namespace Declarative.Evaluation.Tests;

public sealed class GraderTests
{
    private static GradingContext<TIn, TOut> Context<TIn, TOut>(EvalCase<TIn, TOut> c, EvalRun<TOut> run)
        => new() { Case = c, Run = run, Repetition = 1, ChatClient = new ScriptedChatClient() };

    private static async Task<Grade> One<TIn, TOut>(Grader<TIn, TOut> grader, EvalCase<TIn, TOut> c, EvalRun<TOut> run)
        => Assert.Single(await grader.GradeAsync(Context(c, run), CancellationToken.None));

    private static EvalCase<string, Quote> QuoteCase(string? expected) => new() { Id = "c", Input = "x", ExpectedJson = expected, HasExpected = expected is not null };

    private static EvalRun<Quote> Answer(string? text, RunTrace? trace = null) => new() { Trace = trace ?? new RunTrace { AgentName = "a" }, Completed = text is not null, Status = "Completed", Text = text };

    [Fact]
    public async Task Exact_match_compares_json_values_not_their_spelling()
    {
        var grader = Graders.ExactMatch<string, Quote>();
        Assert.True((await One(grader, QuoteCase("""{"total": 5.0, "currency": "EUR"}"""), Answer("""{"currency":"EUR","total":5}"""))).Passed);

        var wrong = await One(grader, QuoteCase("""{"total": 5.0, "currency": "EUR"}"""), Answer("""{"currency":"USD","total":5}"""));
        Assert.False(wrong.Passed);
        Assert.Equal("$.currency: expected \"EUR\", got \"USD\"", Assert.Single(wrong.Findings).ToString());

        var extra = await One(grader, QuoteCase("""{"total": 5}"""), Answer("""{"total":5,"note":"x"}"""));
        Assert.Equal("$.note: not expected", Assert.Single(extra.Findings).ToString());
        Assert.Equal("the case has no expected answer", (await One(grader, QuoteCase(null), Answer("{}"))).Reason);
        Assert.StartsWith("the answer is not JSON", (await One(grader, QuoteCase("{}"), Answer("oops"))).Reason);
    }

    [Fact]
    public async Task Exact_match_of_text_trims_the_ends()
    {
        var grader = Graders.ExactMatch<string, string>();
        var c = new EvalCase<string, string> { Id = "c", Input = "x", Expected = "Yes.", ExpectedJson = "\"Yes.\"", HasExpected = true };
        Assert.True((await One(grader, c, new EvalRun<string> { Trace = new RunTrace { AgentName = "a" }, Text = " Yes.\n" })).Passed);
        Assert.False((await One(grader, c, new EvalRun<string> { Trace = new RunTrace { AgentName = "a" }, Text = "yes." })).Passed);
    }

    [Fact]
    public async Task Json_path_equality_checks_one_value()
    {
        var grader = Graders.JsonPathEquals<string, Quote>("$.total");
        Assert.True((await One(grader, QuoteCase("""{"total": 5.0, "currency": "EUR"}"""), Answer("""{"total":5.0,"currency":"USD"}"""))).Passed);
        var wrong = await One(grader, QuoteCase("""{"total": 5.0}"""), Answer("""{"total":4.5}"""));
        Assert.Equal("$.total is 4.5, expected 5.0", wrong.Reason);
        Assert.Equal("$.total", Assert.Single(wrong.Findings).Path);
        Assert.Equal("the answer has nothing at $.total", (await One(grader, QuoteCase("""{"total": 5.0}"""), Answer("{}"))).Reason);
        Assert.Throws<ArgumentException>(() => Graders.JsonPathEquals<string, Quote>("total"));
        Assert.Throws<ArgumentException>(() => Graders.JsonPathEquals<string, Quote>("$.lines[x]"));
        Assert.True((await One(Graders.JsonPathEquals<string, Quote>("$.lines[1].sku"), QuoteCase("""{"lines":[{"sku":"a"},{"sku":"b"}]}"""), Answer("""{"lines":[{"sku":"z"},{"sku":"b"}]}"""))).Passed);
    }

    private static RunTrace Calls(params TraceStep[] steps) => new() { AgentName = "a", Steps = steps };

    [Fact]
    public async Task Called_tool_looks_for_a_successful_call_with_the_right_arguments_at_any_depth()
    {
        var trace = Calls(
            new ToolCallStep { ToolName = "get_price", CallId = "1", Arguments = """{"sku":"B-2"}""", Outcome = ToolCallOutcome.Succeeded },
            new AgentInvocationStep { AgentName = "helper", Steps = [new ToolCallStep { ToolName = "get_price", CallId = "2", Arguments = """{"sku":"A-1"}""", Outcome = ToolCallOutcome.Succeeded }] });
        var c = new EvalCase<string, Quote> { Id = "c", Input = "A-1" };

        var right = await One(Graders.CalledTool<string, Quote>("get_price", (c, args) => args.GetProperty("sku").GetString() == c.Input), c, Answer("{}", trace));
        Assert.True(right.Passed);
        Assert.Equal("steps[1].steps[0]", right.StepPath);

        var wrong = await One(Graders.CalledTool<string, Quote>("get_price", (_, args) => args.GetProperty("sku").GetString() == "C-3"), c, Answer("{}", trace));
        Assert.False(wrong.Passed);
        Assert.Equal("steps[0]", wrong.StepPath);
        Assert.Equal("no successful call of get_price had the expected arguments", wrong.Reason);

        var never = await One(Graders.CalledTool<string, Quote>("place_order"), c, Answer("{}", trace));
        Assert.Equal(("never called place_order", (int?)null), (never.Reason, never.StepOrder));
        Assert.Equal("tool:place_order", never.Component);

        var failedCall = Calls(new ToolCallStep { ToolName = "get_price", CallId = "1", Outcome = ToolCallOutcome.Failed });
        Assert.Equal("no call of get_price succeeded", (await One(Graders.CalledTool<string, Quote>("get_price"), c, Answer("{}", failedCall))).Reason);
    }

    [Fact]
    public async Task Never_called_points_at_the_forbidden_call()
    {
        var trace = Calls(new ModelCallStep(), new ToolCallStep { ToolName = "get_price", CallId = "1" }, new ToolCallStep { ToolName = "place_order", CallId = "2" });
        var c = new EvalCase<string, Quote> { Id = "c", Input = "x" };
        var grade = await One(Graders.NeverCalledWriteTools<string, Quote>(((IAgent)new QuoteAgent(new Shop())).Tools), c, Answer("{}", trace));
        Assert.False(grade.Passed);
        Assert.Equal(("tool:place_order", "steps[2]"), (grade.Component, grade.StepPath));
        Assert.Equal("called a write tool, place_order", grade.Reason);
        Assert.True((await One(Graders.NeverCalled<string, Quote>("delete_everything"), c, Answer("{}", trace))).Passed);
    }

    [Fact]
    public async Task Thresholds_fail_with_the_number_and_the_limit()
    {
        var c = new EvalCase<string, Quote> { Id = "c", Input = "x" };
        var trace = new RunTrace { AgentName = "a", Duration = TimeSpan.FromMilliseconds(1500), Cost = 0.02m, Steps = [new ModelCallStep(), new ModelCallStep(), new ModelCallStep()] };
        Assert.Equal("took 1500 ms, over the 1000 ms limit", (await One(Graders.MaxLatency<string, Quote>(TimeSpan.FromSeconds(1)), c, Answer("{}", trace))).Reason);
        Assert.True((await One(Graders.MaxLatency<string, Quote>(TimeSpan.FromSeconds(2)), c, Answer("{}", trace))).Passed);
        Assert.Equal("cost 0.02, over the 0.01 limit", (await One(Graders.MaxCost<string, Quote>(0.01m), c, Answer("{}", trace))).Reason);
        Assert.Equal("the run's cost is unknown (a model without a price)", (await One(Graders.MaxCost<string, Quote>(1m), c, Answer("{}", new RunTrace { AgentName = "a" }))).Reason);
        Assert.Equal("made 3 model calls, over the limit of 2", (await One(Graders.MaxModelCalls<string, Quote>(2), c, Answer("{}", trace))).Reason);
    }

    [Fact]
    public async Task Component_graders_without_a_matching_step_fail_unless_optional()
    {
        var c = new EvalCase<string, Quote> { Id = "c", Input = "x" };
        var none = await One(Graders.ForAgent<string, Quote>("researcher", (_, _) => CheckResult.Pass()), c, Answer("{}"));
        Assert.False(none.Passed);
        Assert.Equal("no matching step in the trace (the agent:researcher never ran)", none.Reason);
        Assert.True((await One(Graders.ForAgent<string, Quote>("researcher", (_, _) => CheckResult.Pass(), optional: true), c, Answer("{}"))).Passed);
    }

    [Fact]
    public async Task The_plan_grader_sees_the_plan_and_its_errors()
    {
        var trace = Calls(new ModelCallStep(), new PlanValidationStep { Plan = """{"steps":[]}""", Errors = [new ToolError("$.steps", "empty")] });
        var grade = await One(Graders.ForPlan<string, Quote>((_, plan) => plan.IsValid ? CheckResult.Pass() : CheckResult.Fail("invalid plan", [.. plan.Errors])),
            new EvalCase<string, Quote> { Id = "c", Input = "x" }, Answer("{}", trace));
        Assert.Equal((Components.Plan, "steps[1]", "$.steps: empty"), (grade.Component, grade.StepPath, Assert.Single(grade.Findings).ToString()));
    }

    [Fact]
    public void Results_round_trip_through_the_json_report()
    {
        var trace = Calls(new ModelCallStep { Model = "m", Usage = new UsageTotals { InputTokens = 10, OutputTokens = 2 }, Cost = 0.001m },
            new ToolCallStep { ToolName = "get_price", CallId = "1", Arguments = """{"sku":"A-1"}""", Result = "2.5" });
        var result = new EvalResult
        {
            Name = "n", Target = "t", Dataset = "d", StartedAt = new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero), DurationMs = 12.5,
            Summary = new EvalSummary { Cases = 1, Runs = 1, PassRate = 0, Interval = Proportions.Wilson(0, 1), Cost = 0.001m },
            Errors = new ErrorAnalysis { Components = [new ComponentFailures { Component = "answer", FirstFailures = 1, Failures = 1, ExampleCaseIds = ["c"] }] },
            Costs = [new ComponentCost { Component = "agent:a", Steps = 1, Cost = 0.001m, Graded = 2, Failed = 1 }],
            Cases =
            [
                new CaseResult
                {
                    Id = "c", Tags = ["hard"], Line = 3, Input = "\"x\"",
                    Runs = [new CaseRun { Repetition = 1, FailedComponent = "answer", Trace = trace, Text = "hi",
                        Grades = [new Grade { Grader = "judge", Component = "answer", Passed = false, Reason = "rude", Criteria = [new RubricItem { Criterion = "polite", Passed = false, Reason = "rude" }], JudgeCost = 0.0005m, Metrics = new Dictionary<string, double> { ["score"] = 0.25 } }] }],
                },
            ],
        };
        var json = EvalResultJson.Write(result);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal("declarative.eval/1", document.RootElement.GetProperty("schemaVersion").GetString());
            Assert.Equal(0.5, document.RootElement.GetProperty("costs")[0].GetProperty("passRate").GetDouble());
            Assert.Equal("tool_call", document.RootElement.GetProperty("cases")[0].GetProperty("runs")[0].GetProperty("trace").GetProperty("steps")[1].GetProperty("kind").GetString());
        }
        var back = EvalResultJson.Read(json);
        Assert.Equal(json, EvalResultJson.Write(back));
        Assert.Equal("polite", back.Cases[0].Runs[0].Grades[0].Criteria[0].Criterion);
        Assert.Equal(0.25, back.Cases[0].Runs[0].Grades[0].Metrics["score"]);
        Assert.IsType<ToolCallStep>(back.Cases[0].Runs[0].Trace.Steps[1]);

        Assert.Contains("$.schemaVersion: \"declarative.eval/9\" is not supported", Assert.Throws<JsonException>(() => EvalResultJson.Read("""{"schemaVersion": "declarative.eval/9"}""")).Message);
        Assert.Contains("not a Declarative eval report", Assert.Throws<JsonException>(() => EvalResultJson.Read("[]")).Message);
    }
}
