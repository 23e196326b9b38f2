using System.Diagnostics;
using Declarative.Orchestration;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed record TopicRequest(string Topic, int Depth);

public sealed record Findings(string Topic, List<string> Facts);

public sealed record Summary(string Text, int FactCount);

public sealed partial class FactTools
{
    public int Lookups { get; private set; }

    /// <summary>Facts about a topic.</summary>
    [Tool(ReadOnly = true)]
    public List<string> LookUp(string topic)
    {
        Lookups++;
        return [topic + " is old", topic + " is round"];
    }
}

[Agent("You find facts.", Model = "finder", Description = "Finds facts about a topic.", InputType = typeof(TopicRequest), OutputType = typeof(Findings))]
public sealed partial class FactFinder([UseTools] FactTools tools);

[Agent("You summarise findings.", Model = "summariser", Description = "Summarises findings.", InputType = typeof(Findings), OutputType = typeof(Summary))]
public sealed partial class FactSummariser;

[Agent("You find facts in another way.", Model = "finder2", InputType = typeof(TopicRequest), OutputType = typeof(Findings))]
public sealed partial class SecondFinder;

[Agent("You ask your specialists and report.", Model = "manager", InputType = typeof(TopicRequest), OutputType = typeof(Summary))]
public sealed partial class FactManager([UseAgent] FactFinder finder, [UseAgent] FactSummariser summariser);

[Sequential]
public sealed partial class FactPipeline([UseAgent] FactFinder finder, [UseAgent] FactSummariser summariser);

[Parallel]
public sealed partial class TwoFinders([UseAgent] FactFinder first, [UseAgent] SecondFinder second)
{
    [Join]
    public static int Join(Findings first, Findings second) => first.Facts.Count + second.Facts.Count;
}

public sealed class OrchestrationTests
{
    private static readonly object Findings = new { topic = "moon", facts = new[] { "moon is old", "moon is round" } };
    private static readonly object Summary = new { text = "The moon is old and round.", factCount = 2 };

    private static (AgentRunner Runner, Dictionary<string, ScriptedChatClient> Models) Team(AgentRunOptions? options = null, params string[] tiers)
    {
        var registry = new ModelRegistry();
        var models = new Dictionary<string, ScriptedChatClient>();
        foreach (var tier in tiers)
        {
            models[tier] = new ScriptedChatClient { DefaultUsage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 } };
            registry.Add(tier, models[tier], "m-" + tier);
        }
        return (new AgentRunner(registry, options), models);
    }

    [Fact]
    public async Task A_manager_runs_each_specialist_as_a_nested_run_with_only_its_tools()
    {
        var (runner, models) = Team(null, "manager", "finder", "summariser");
        models["manager"].ThenToolCalls(("fact_finder", new { topic = "moon", depth = 1 })).ThenToolCalls(("fact_summariser", Findings)).ThenJson(Summary);
        models["finder"].ThenToolCalls(("look_up", new { topic = "moon" })).ThenJson(Findings);
        models["summariser"].ThenJson(Summary);
        var tools = new FactTools();
        var manager = new FactManager(new FactFinder(tools), new FactSummariser());

        var result = await runner.RunAsync(manager, new TopicRequest("moon", 1));

        Assert.True(result.IsCompleted, result.Reason);
        Assert.Equal(new Summary("The moon is old and round.", 2), result.Output);
        Assert.Equal(["fact_finder", "fact_summariser"], ((IAgent)manager).Descriptor.Tools.Select(t => t.Name));
        Assert.DoesNotContain(models["manager"].Requests[0].Options!.Tools!, t => t.Name == "look_up");
        Assert.Equal(1, tools.Lookups);
        // The specialist saw its typed input rendered as JSON.
        Assert.Contains("\"topic\":\"moon\"", models["finder"].Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        var nested = result.Trace.Steps.OfType<AgentInvocationStep>().ToList();
        Assert.Equal(["FactFinder", "FactSummariser"], nested.Select(n => n.AgentName));
        Assert.Single(nested[0].Steps.OfType<ToolCallStep>(), t => t.ToolName == "look_up");
        Assert.Equal(220, nested[0].Usage.TotalTokens);
        Assert.Equal(3 * 110 + 220 + 110, result.Trace.Usage.TotalTokens);
        // The specialist's answer came back to the manager as the tool's result.
        Assert.Contains("moon is round", result.Trace.ToolCalls.First(t => t.ToolName == "fact_finder").Result, StringComparison.Ordinal);
        var summary = result.Trace.Summarize();
        Assert.Contains("agents:", summary, StringComparison.Ordinal);
        Assert.Contains("  FactFinder: 1 run(s), 220 tokens", summary, StringComparison.Ordinal);
        Assert.Contains("  FactSummariser: 1 run(s), 110 tokens", summary, StringComparison.Ordinal);
        // The tree round-trips through JSON with its nesting.
        var back = RunTrace.FromJson(result.Trace.ToJson());
        Assert.Equal(["FactFinder", "FactSummariser"], back.AgentRuns.Select(a => a.AgentName));
        Assert.Single(back.AgentRuns.First().Steps.OfType<ToolCallStep>());
    }

    [Fact]
    public async Task A_malformed_delegation_is_a_path_addressed_error_and_a_failing_specialist_a_tool_error()
    {
        var (runner, models) = Team(null, "manager", "finder", "summariser");
        models["manager"]
            .ThenToolCalls(("fact_finder", new { topic = "moon" }))                  // depth is missing
            .ThenToolCalls(("fact_finder", new { topic = "moon", depth = 1 }))        // the finder will fail
            .ThenText("I could not find anything.");
        models["finder"].ThenText("not json").ThenText("still not").ThenText("never");
        var result = await runner.RunAsync<Summary>(new FactManager(new FactFinder(new FactTools()), new FactSummariser()),
            [new ChatMessage(ChatRole.User, "the moon")], new AgentRunOptions { MaxOutputRetries = 2 });

        var calls = result.Trace.ToolCalls.ToList();
        Assert.Equal("$.depth", Assert.Single(calls[0].Errors).Path);
        Assert.True(calls[1].IsError);
        Assert.Contains("'FactFinder' could not finish (InvalidOutput)", calls[1].Result ?? string.Join(" ", calls[1].Errors.Select(e => e.Message)), StringComparison.Ordinal);
        Assert.Equal(AgentRunStatus.InvalidOutput, Assert.Single(result.Trace.Steps.OfType<AgentInvocationStep>()).Status);
        Assert.Equal(0, models["finder"].RemainingSteps);
    }

    [Fact]
    public async Task Asking_a_specialist_the_same_thing_twice_is_refused_and_invocations_are_bounded()
    {
        var (runner, models) = Team(null, "manager", "finder");
        models["manager"]
            .ThenToolCalls(("fact_finder", new { topic = "moon", depth = 1 }))
            .ThenToolCalls(("fact_finder", new { topic = "moon", depth = 1 }))
            .ThenToolCalls(("fact_finder", new { topic = "sun", depth = 1 }))
            .ThenText("done");
        models["finder"].ThenJson(Findings).ThenJson(Findings);
        var result = await runner.RunAsync<Summary>(new FactManager(new FactFinder(new FactTools()), new FactSummariser()),
            [new ChatMessage(ChatRole.User, "go")], new AgentRunOptions { MaxAgentInvocations = 1, MaxOutputRetries = 0 });

        var calls = result.Trace.ToolCalls.ToList();
        Assert.False(calls[0].IsError);
        Assert.Contains("already asked exactly this", string.Join(" ", calls[1].Errors.Select(e => e.Message)), StringComparison.Ordinal);
        Assert.Contains("the limit is 1", string.Join(" ", calls[2].Errors.Select(e => e.Message)) + calls[2].Result, StringComparison.Ordinal);
        Assert.Equal(1, models["finder"].RemainingSteps);   // the refused ones never reached the finder's model
    }

    [Fact]
    public async Task A_pipeline_hands_each_stage_the_previous_answer_and_stops_at_the_first_failure()
    {
        var (runner, models) = Team(null, "finder", "summariser");
        models["finder"].ThenJson(Findings);
        models["summariser"].ThenJson(Summary);
        var pipeline = new FactPipeline(new FactFinder(new FactTools()), new FactSummariser());

        var result = await runner.RunAsync(pipeline, new TopicRequest("moon", 2));

        Assert.True(result.IsCompleted, result.Reason);
        Assert.Equal(2, result.Output!.FactCount);
        Assert.Equal(["FactFinder", "FactSummariser"], result.Trace.Steps.OfType<AgentInvocationStep>().Select(s => s.AgentName));
        Assert.Contains("moon is round", models["summariser"].Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal(220, result.Usage.TotalTokens);

        var (failing, failingModels) = Team(new AgentRunOptions { MaxOutputRetries = 0 }, "finder", "summariser");
        failingModels["finder"].ThenText("no JSON here");
        var failed = await failing.RunAsync(pipeline, new TopicRequest("moon", 2));
        Assert.Equal(AgentRunStatus.InvalidOutput, failed.Status);
        Assert.Equal("FactFinder", failed.FailedAgent);
        Assert.StartsWith("stage 'FactFinder' ended InvalidOutput", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(failingModels["summariser"].Requests);
    }

    [Fact]
    public async Task A_pipeline_stops_when_the_budget_across_its_agents_is_spent()
    {
        var (runner, models) = Team(new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 100 } }, "finder", "summariser");
        models["finder"].ThenJson(Findings);
        models["summariser"].ThenJson(Summary);

        var result = await runner.RunAsync(new FactPipeline(new FactFinder(new FactTools()), new FactSummariser()), new TopicRequest("moon", 2));

        Assert.Equal(AgentRunStatus.BudgetExceeded, result.Status);
        Assert.Empty(models["summariser"].Requests);
    }

    [Fact]
    public async Task Parallel_branches_run_at_once_and_a_failed_branch_is_named_while_the_others_finish()
    {
        var (runner, models) = Team(new AgentRunOptions { MaxOutputRetries = 0 }, "finder", "finder2");
        // Each branch's model waits for the other branch to have started: run one after the other, they would never finish.
        var started = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        models["finder"].Then(async (_, _, _) => { started[0].SetResult(); await started[1].Task.WaitAsync(TimeSpan.FromSeconds(20)); return new ChatResponse(new ChatMessage(ChatRole.Assistant, """{"topic":"moon","facts":["a"]}""")); });
        models["finder2"].Then(async (_, _, _) => { started[1].SetResult(); await started[0].Task.WaitAsync(TimeSpan.FromSeconds(20)); return new ChatResponse(new ChatMessage(ChatRole.Assistant, """{"topic":"moon","facts":["b","c"]}""")); });
        var both = new TwoFinders(new FactFinder(new FactTools()), new SecondFinder());

        var result = await runner.RunAsync(both, new TopicRequest("moon", 1));
        Assert.True(result.IsCompleted, result.Reason);
        Assert.Equal(3, result.Output);

        var (failing, failingModels) = Team(new AgentRunOptions { MaxOutputRetries = 0 }, "finder", "finder2");
        failingModels["finder"].ThenText("oops");
        failingModels["finder2"].ThenJson(Findings);
        var failed = await failing.RunAsync(both, new TopicRequest("moon", 1));
        Assert.Equal("FactFinder", failed.FailedAgent);
        Assert.Contains("branch 'FactFinder' ended InvalidOutput", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(AgentRunStatus.Completed, failed.Trace.Steps.OfType<AgentInvocationStep>().Single(s => s.AgentName == "SecondFinder").Status);
    }

    [Fact]
    public void A_run_time_pipeline_whose_stages_do_not_line_up_is_refused_when_built()
    {
        var error = Assert.Throws<CompositionException>(() => Composition.Sequential<Findings, Findings>("backwards", null,
            Participant.Of(new FactSummariser()), Participant.Of(new FactFinder(new FactTools()))));
        Assert.Equal("DCL0025", error.DiagnosticId);
        Assert.Equal("stage 'FactFinder' cannot take what stage 'FactSummariser' hands on: Summary and TopicRequest differ at '$.topic': TopicRequest requires it, Summary does not have it",
            error.Message);

        var lonely = Assert.Throws<CompositionException>(() => Composition.Parallel<TopicRequest, int>("one", null, _ => 0, Participant.Of(new SecondFinder())));
        Assert.Equal("DCL0031", lonely.DiagnosticId);
        var wrongInput = Assert.Throws<CompositionException>(() => Composition.Parallel<Findings, int>("two", null, _ => 0,
            Participant.Of(new SecondFinder()), Participant.Of(new FactSummariser())));
        Assert.Equal("DCL0026", wrongInput.DiagnosticId);
    }

    [Fact]
    public async Task Cancelling_stops_a_composition_with_an_exception()
    {
        var (runner, models) = Team(null, "finder", "summariser");
        using var cancel = new CancellationTokenSource();
        models["finder"].Then(async (_, _, token) => { cancel.Cancel(); await Task.Delay(Timeout.Infinite, token); return new ChatResponse(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RunAsync(new FactPipeline(new FactFinder(new FactTools()), new FactSummariser()), new TopicRequest("moon", 1), null, cancel.Token));
    }

    [Fact]
    public async Task Spans_nest_a_specialist_under_the_managers_tool_call_and_stages_under_the_workflow()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var (runner, models) = Team(null, "manager", "finder", "summariser");
        models["manager"].ThenToolCalls(("fact_finder", new { topic = "moon", depth = 1 })).ThenJson(Summary);
        models["finder"].ThenJson(Findings);
        await runner.RunAsync(new FactManager(new FactFinder(new FactTools()), new FactSummariser()), new TopicRequest("moon", 1));
        var tool = spans.Single(s => s.DisplayName == "execute_tool fact_finder");
        var specialist = spans.Single(s => s.DisplayName == "invoke_agent FactFinder");
        Assert.Equal(tool.SpanId, specialist.ParentSpanId);

        models["finder"].ThenJson(Findings);
        models["summariser"].ThenJson(Summary);
        spans.Clear();
        await runner.RunAsync(new FactPipeline(new FactFinder(new FactTools()), new FactSummariser()), new TopicRequest("moon", 1));
        var workflow = spans.Single(s => s.DisplayName == "invoke_workflow FactPipeline");
        Assert.All(spans.Where(s => s.DisplayName.StartsWith("invoke_agent", StringComparison.Ordinal)), s => Assert.Equal(workflow.SpanId, s.ParentSpanId));
        Assert.Equal(2, spans.Count(s => s.DisplayName.StartsWith("invoke_agent", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Researcher", "researcher")]
    [InlineData("OrdersAgent", "orders_agent")]
    [InlineData("HTTPFetcher", "http_fetcher")]
    [InlineData("GetHTTPStatusAsync", "get_http_status")]
    [InlineData("Agent2Go", "agent2_go")]
    public void A_specialists_tool_is_named_by_the_generators_rule(string agentName, string toolName)
    {
        var agent = Agent.Create(agentName, "x");
        Assert.Equal(toolName, AgentTool.Create(Participant.Of(agent)).Tools[0].Name);
    }
}
