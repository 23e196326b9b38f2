using System.Net;
using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation.Tests;

public sealed class RunnerTests
{
    private static readonly QuoteAgent Agent = new(new Shop());

    private static EvalDataset<QuoteRequest, Quote> Quotes() => EvalDataset<QuoteRequest, Quote>.Parse("""
        {"id": "one", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}, "expected": {"total": 5.0, "currency": "EUR"}, "tags": ["easy"]}
        {"id": "two", "input": {"customer": "Bo", "lines": [{"sku": "A-1", "quantity": 1}, {"sku": "B-2", "quantity": 1}]}, "expected": {"total": 12.5, "currency": "EUR"}, "tags": ["hard"]}
        """, CaseReader.For(Agent), "quotes");

    private static Grader<QuoteRequest, Quote>[] QuoteGraders() =>
    [
        Graders.Completed<QuoteRequest, Quote>(),
        Graders.ForToolCalls<QuoteRequest, Quote>("get_price", (c, call) =>
            c.Input.Lines.Any(l => call.Arguments.Contains(l.Sku, StringComparison.Ordinal)) ? CheckResult.Pass() : CheckResult.Fail("priced an item not in the order: " + call.Arguments)),
        Graders.NeverCalledWriteTools<QuoteRequest, Quote>(((IAgent)Agent).Tools),
        Graders.JsonPathEquals<QuoteRequest, Quote>("$.total"),
    ];

    [Fact]
    public async Task A_typed_agent_is_run_and_graded_case_by_case()
    {
        var runner = new EvalRunner(info => info.CaseId == "one" ? Scripts.Quote(5.0m, "A-1") : Scripts.Quote(12.0m, "A-1", "B-2"),
            new EvalOptions { Prices = Scripts.Prices, Name = "quotes-v1" });

        var result = await runner.RunAsync(EvalTarget.Agent(Agent), Quotes(), QuoteGraders());

        Assert.Equal("quotes-v1", result.Name);
        Assert.Equal("QuoteAgent", result.Target);
        Assert.Equal("quotes", result.Dataset);
        Assert.True(result.Cases[0].IsPassed);
        var failed = Assert.Single(result.Cases[1].Runs);
        Assert.False(failed.Passed);
        Assert.Equal(Components.Answer, failed.FailedComponent);
        var grade = Assert.Single(failed.Grades, g => !g.Passed);
        Assert.Equal("$.total is 12.0, expected 12.5", grade.Reason);
        Assert.Equal(2, failed.Grades.Count(g => g.Grader == "get_price_call"));
        Assert.Equal(1, result.Summary.PassedRuns);
        Assert.Equal(0.5, result.Summary.PassRate);
        Assert.Equal(Proportions.Wilson(1, 2), result.Summary.Interval);
        Assert.NotNull(result.Summary.Cost);
        Assert.True(result.Summary.Cost > 0);
        Assert.Equal(result.Cases.Sum(c => c.Runs[0].Cost), result.Summary.Cost);

        var answer = Assert.Single(result.Errors.Components);
        Assert.Equal((Components.Answer, 1, 1), (answer.Component, answer.FirstFailures, answer.Failures));
        Assert.Equal(["two"], answer.ExampleCaseIds);
        var hard = Assert.Single(result.Errors.ByTag, t => t.Tag == "hard");
        Assert.Equal((1, 0), (hard.Runs, hard.PassedRuns));
        Assert.Empty(Assert.Single(result.Errors.ByTag, t => t.Tag == "easy").Components);

        var agentCost = Assert.Single(result.Costs, c => c.Component == "agent:QuoteAgent");
        Assert.Equal(5, agentCost.Steps);
        Assert.Equal(result.Summary.Cost, agentCost.Cost);
        var tool = Assert.Single(result.Costs, c => c.Component == "tool:get_price");
        Assert.Equal((3, 3, 0), (tool.Steps, tool.Graded, tool.Failed));
        Assert.Equal(Components.Answer, result.Costs[0].Component);
    }

    [Fact]
    public async Task The_first_failure_in_trace_order_is_the_component_to_blame()
    {
        // The model prices the item, orders it (a write tool, forbidden in a quote), then gets the total wrong:
        // three failures, and the first one in the run is the order.
        var script = new ScriptedChatClient()
            .ThenToolCalls(("get_price", new { sku = "A-1" }))
            .ThenToolCalls(("place_order", new { sku = "A-1", quantity = 2 }))
            .ThenJson(new { total = 4.0m, currency = "EUR" });
        var result = await new EvalRunner(script).RunAsync(EvalTarget.Agent(Agent), EvalDataset<QuoteRequest, Quote>.Create("one", [Quotes()[0]]), QuoteGraders());

        var run = result.Cases[0].Runs[0];
        Assert.Equal("tool:place_order", run.FailedComponent);
        var components = result.Errors.Components.ToDictionary(c => c.Component);
        Assert.Equal(1, components["tool:place_order"].FirstFailures);
        Assert.Equal(0, components[Components.Answer].FirstFailures);
        Assert.Equal(1, components[Components.Answer].Failures);
        Assert.Equal("tool:place_order", result.Errors.Components[0].Component);
    }

    [Fact]
    public async Task A_specialists_step_is_blamed_before_the_managers_later_answer()
    {
        // manager: model call, tool call to a specialist (its own model call and a failing tool call inside), model call.
        var trace = new RunTrace
        {
            AgentName = "manager",
            Steps =
            [
                new ModelCallStep { Index = 0, Model = "m" },
                new ToolCallStep
                {
                    Index = 1, ToolName = "researcher", CallId = "c1",
                    Agent = new AgentInvocationStep
                    {
                        AgentName = "researcher", Status = AgentRunStatus.Completed, Text = "notes",
                        Steps = [new ModelCallStep { Index = 0, Model = "r" }, new ToolCallStep { Index = 1, ToolName = "search", CallId = "s1", Arguments = """{"q":""}""" }],
                    },
                },
                new ModelCallStep { Index = 2, Model = "m", ResponseText = "done" },
            ],
        };
        var target = EvalTarget.Create<string, string>("team", (_, _, _) => Task.FromResult(new EvalRun<string> { Trace = trace, Completed = true, Status = "Completed", Text = "done", Output = "done" }));
        Grader<string, string>[] graders =
        [
            Grader.Create<string, string>("says_done", (_, run) => run.Text == "finished" ? CheckResult.Pass() : CheckResult.Fail("not finished")),
            Grader.ForSteps<string, string, ToolCallStep>("search_has_query", Components.Tool("search"), (_, s) => s.ToolName == "search",
                (_, s) => s.Arguments.Contains("\"q\":\"\"", StringComparison.Ordinal) ? CheckResult.Fail("empty query") : CheckResult.Pass()),
            Graders.ForAgent<string, string>("researcher", (_, inv) => inv.Text == "notes" ? CheckResult.Pass() : CheckResult.Fail("no notes")),
        ];
        var result = await new EvalRunner(new ScriptedChatClient()).RunAsync(target, EvalDataset<string, string>.Create("d", [new EvalCase<string, string> { Id = "c", Input = "go" }]), graders);

        var run = result.Cases[0].Runs[0];
        Assert.Equal("tool:search", run.FailedComponent);
        var search = Assert.Single(run.Grades, g => g.Grader == "search_has_query");
        Assert.Equal("steps[1].agent.steps[1]", search.StepPath);
        Assert.Equal(4, search.StepOrder);
        Assert.Equal("steps[1].agent", Assert.Single(run.Grades, g => g.Grader == "researcher").StepPath);
        var nodes = TraceNode.Walk(trace);
        Assert.Equal(["manager", "manager", "manager", "researcher", "researcher", "manager"], nodes.Select(n => n.AgentName));
        Assert.Equal(["steps[0]", "steps[1]", "steps[1].agent", "steps[1].agent.steps[0]", "steps[1].agent.steps[1]", "steps[2]"], nodes.Select(n => n.Path));
        Assert.Contains(result.Costs, c => c.Component == "agent:researcher" && c.Steps == 1);
        Assert.DoesNotContain(result.Costs, c => c.Component == "tool:researcher");
    }

    [Fact]
    public async Task Repetitions_give_each_case_a_pass_rate_and_an_interval()
    {
        var dataset = EvalDataset<string, string>.Parse("""
            {"id": "steady", "input": "a"}
            {"id": "flaky", "input": "b"}
            """, CaseReader.Text);
        var runner = new EvalRunner(info => new ScriptedChatClient().ThenText(info.CaseId == "flaky" && info.Repetition == 2 ? "wrong" : "right"),
            new EvalOptions { Repetitions = 3 });
        var result = await runner.RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), dataset,
            [Grader.Create<string, string>("right", (_, run) => run.Text == "right" ? CheckResult.Pass() : CheckResult.Fail("wrong"))]);

        Assert.Equal(6, result.Summary.Runs);
        Assert.Equal(5, result.Summary.PassedRuns);
        Assert.Equal(Proportions.Wilson(5, 6), result.Summary.Interval);
        var flaky = result.Cases[1];
        Assert.Equal([1, 2, 3], flaky.Runs.Select(r => r.Repetition));
        Assert.Equal([true, false, true], flaky.Runs.Select(r => r.Passed));
        Assert.Equal(2.0 / 3, flaky.PassRate, 10);
        Assert.Equal(Proportions.Wilson(2, 3), flaky.Interval);
        Assert.True(flaky.IsFlaky);
        Assert.False(flaky.IsPassed);
        Assert.Equal((1, 1), (result.Summary.FlakyCases, result.Summary.PassedCases));
    }

    [Fact]
    public async Task A_target_that_throws_or_hangs_fails_its_case_and_the_eval_goes_on()
    {
        var dataset = EvalDataset<string, string>.Parse("""
            {"id": "throws", "input": "a"}
            {"id": "hangs", "input": "b"}
            {"id": "fine", "input": "c"}
            """, CaseReader.Text);
        var target = EvalTarget.Create<string, string>("odd", async (input, context, ct) =>
        {
            if (input == "a")
            {
                throw new InvalidOperationException("the database is down");
            }
            if (input == "b")
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return new EvalRun<string> { Trace = new RunTrace { AgentName = "odd" }, Completed = true, Status = "Completed", Text = input };
        });
        var result = await new EvalRunner(new ScriptedChatClient(), new EvalOptions { CaseTimeout = TimeSpan.FromMilliseconds(200) })
            .RunAsync(target, dataset, [Graders.Completed<string, string>()]);

        Assert.Equal("InvalidOperationException: the database is down", result.Cases[0].Runs[0].Error);
        Assert.Equal("Error", result.Cases[0].Runs[0].Status);
        Assert.Equal("TimedOut", result.Cases[1].Runs[0].Status);
        Assert.Contains("timed out after 0.2 s", result.Cases[1].Runs[0].Error);
        Assert.Equal([false, false, true], result.Cases.Select(c => c.IsPassed));
        Assert.Equal("run", result.Cases[0].Runs[0].Grades[0].Grader);
    }

    [Fact]
    public async Task A_grader_that_throws_fails_its_grade_not_the_eval()
    {
        var result = await new EvalRunner(new ScriptedChatClient().ThenText("hi")).RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())),
            EvalDataset<string, string>.Parse("""{"id": "c", "input": "hello"}""", CaseReader.Text),
            [Grader.Create<string, string>("broken", (_, _) => throw new FormatException("bad rubric")), Graders.Completed<string, string>()]);
        var run = result.Cases[0].Runs[0];
        Assert.False(run.Passed);
        Assert.Equal("the grader threw FormatException: bad rubric", Assert.Single(run.Grades, g => !g.Passed).Reason);
        Assert.True(Assert.Single(run.Grades, g => g.Grader == "completed").Passed);
    }

    [Fact]
    public async Task Cancelling_the_eval_stops_it()
    {
        using var cancel = new CancellationTokenSource();
        var target = EvalTarget.Create<string, string>("slow", async (_, _, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return null!;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EvalRunner(new ScriptedChatClient())
            .RunAsync(target, EvalDataset<string, string>.Parse("""{"id": "c", "input": "x"}""", CaseReader.Text), [Graders.Completed<string, string>()], cancel.Token));
    }

    [Fact]
    public async Task Transient_model_errors_are_retried_and_counted()
    {
        var script = new ScriptedChatClient().ThenThrow(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests)).ThenText("hello");
        var result = await new EvalRunner(script, new EvalOptions { RetryDelay = TimeSpan.FromMilliseconds(1) })
            .RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), EvalDataset<string, string>.Parse("""{"id": "c", "input": "hi"}""", CaseReader.Text), [Graders.Completed<string, string>()]);
        var run = result.Cases[0].Runs[0];
        Assert.True(run.Passed);
        Assert.Equal(1, run.Retries);
        Assert.Equal("hello", run.Text);
    }

    [Fact]
    public async Task Other_model_errors_are_not_retried()
    {
        var script = new ScriptedChatClient().ThenThrow(new HttpRequestException("bad key", null, HttpStatusCode.Unauthorized)).ThenText("hello");
        var result = await new EvalRunner(script, new EvalOptions { RetryDelay = TimeSpan.FromMilliseconds(1) })
            .RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), EvalDataset<string, string>.Parse("""{"id": "c", "input": "hi"}""", CaseReader.Text), [Graders.Completed<string, string>()]);
        var run = result.Cases[0].Runs[0];
        Assert.False(run.Passed);
        Assert.Equal(0, run.Retries);
        Assert.Equal("ModelError", run.Status);
    }

    [Fact]
    public async Task The_case_budget_applies_to_every_run()
    {
        var script = new ScriptedChatClient().ThenToolCalls(("get_price", new { sku = "A-1" })).WithUsage(900, 200).ThenText("2.50").WithUsage(900, 10);
        var result = await new EvalRunner(script, new EvalOptions { CaseBudget = new UsageBudget { MaxTotalTokens = 1000 } })
            .RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), EvalDataset<string, string>.Parse("""{"id": "c", "input": "hi"}""", CaseReader.Text), [Graders.Completed<string, string>()]);
        Assert.Equal("BudgetExceeded", result.Cases[0].Runs[0].Status);
        Assert.False(result.Cases[0].IsPassed);
    }

    [Fact]
    public async Task Runs_go_in_parallel_up_to_the_limit()
    {
        var running = 0;
        var most = 0;
        var target = EvalTarget.Create<string, string>("counted", async (input, _, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(30, ct);
            Interlocked.Decrement(ref running);
            return new EvalRun<string> { Trace = new RunTrace { AgentName = "counted" }, Completed = true, Text = input };
        });
        var dataset = EvalDataset<string, string>.Create("many", Enumerable.Range(0, 8).Select(i => new EvalCase<string, string> { Id = "c" + i, Input = "x" }));
        var result = await new EvalRunner(new ScriptedChatClient(), new EvalOptions { MaxParallelism = 3 }).RunAsync(target, dataset, [Graders.Completed<string, string>()]);
        Assert.Equal(8, result.Summary.PassedRuns);
        Assert.InRange(most, 2, 3);
        Assert.Equal(dataset.Select(c => c.Id), result.Cases.Select(c => c.Id));

        static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_runs()
    {
        var dataset = EvalDataset<string, string>.Parse("""{"id": "c", "input": "x"}""", CaseReader.Text);
        var target = EvalTarget.TextAgent(new HelpAgent(new Shop()));
        await Assert.ThrowsAsync<ArgumentException>(() => new EvalRunner(new ScriptedChatClient()).RunAsync(target, dataset, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvalRunner(new ScriptedChatClient(), new EvalOptions { Repetitions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvalRunner(new ScriptedChatClient(), new EvalOptions { MaxParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvalRunner(new ScriptedChatClient(), new EvalOptions { CaseTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task A_plan_and_execute_run_is_graded_at_the_plan()
    {
        var plan = """{"steps": [{"id": "p", "tool": "get_price", "arguments": {"sku": "Z-9"}}]}""";
        var script = new ScriptedChatClient().ThenText(plan).ThenText(plan).ThenText(plan).ThenText("It costs nothing.");
        var result = await new EvalRunner(script).RunAsync(EvalTarget.Plan(new HelpAgent(new Shop())),
            EvalDataset<string, string>.Parse("""{"id": "c", "input": "What does Z-9 cost?"}""", CaseReader.Text),
            [
                Graders.ForPlanSteps<string, string>("get_price", (_, step) => step.Status == Planning.PlanStepStatus.Succeeded ? CheckResult.Pass() : CheckResult.Fail(step.Reason ?? "failed")),
                Graders.TextContains<string, string>(_ => "unknown item"),
            ]);
        var run = result.Cases[0].Runs[0];
        Assert.Equal("tool:get_price", run.FailedComponent);
        Assert.Contains(result.Costs, c => c.Component == Components.Plan);
    }
}
