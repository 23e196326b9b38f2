using System.Collections.Concurrent;
using System.Diagnostics;
using Declarative.Orchestration;
using Declarative.Streaming;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed class CompositionTests
{
    private static readonly OutputAgent<Notes> Left = new("Left", Schemas.Notes);
    private static readonly OutputAgent<Draft> Right = new("Right", Schemas.Draft);

    private static Composition<string, string> Fan() => Composition.Parallel<string, string>("Fan", "both at once",
        outputs => outputs.NameAt(0) + ":" + outputs.Get<Notes>(0).Topic + "|" + outputs.NameAt(1) + ":" + outputs.Get<Draft>(1).Title,
        Participant.Of(Left), Participant.Of(Right));

    private static Composition<string, string> Pipeline() => Composition.Sequential<string, string>("Brochure", null,
        Participant.Of(new OutputAgent<Notes>("Researcher", Schemas.Notes)),
        Participant.Of(new TypedAgent<Notes, Draft>("Designer", Schemas.Notes, Schemas.Draft)),
        Participant.WithInput(new InputAgent<Draft>("Writer", Schemas.Draft)));

    // A model that says it started, then waits for the test to let it answer.
    private static void Gated(Models models, string agent, TaskCompletionSource started, Task release, object answer)
        => models[agent].Then(async (_, _, cancellationToken) =>
        {
            started.TrySetResult();
            await release.WaitAsync(cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, System.Text.Json.JsonSerializer.Serialize(answer, Schemas.Json)));
        });

    [Fact]
    public async Task Parallel_branches_run_concurrently_and_are_joined_in_order()
    {
        var models = new Models();
        var leftStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rightStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gated(models, "Left", leftStarted, release.Task, new Notes("sun", []));
        Gated(models, "Right", rightStarted, release.Task, new Draft("Moon", "b"));

        var running = models.Runner().RunAsync(Fan(), "go");
        // Both branches are waiting at once: neither waited for the other to finish before starting.
        await Task.WhenAll(leftStarted.Task, rightStarted.Task).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(running.IsCompleted);
        release.SetResult();
        var result = await running;

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal("Left:sun|Right:Moon", result.Output);
        Assert.Equal(["Left", "Right"], result.Trace.Steps.Cast<AgentInvocationStep>().Select(s => s.AgentName));
        Assert.Equal("go", models["Left"].Requests[0].Messages.Last().Text);
    }

    [Fact]
    public async Task A_failed_branch_is_reported_by_name_and_the_others_finish()
    {
        var models = new Models();
        models["Left"].ThenText("bad").ThenText("bad").ThenText("bad");
        models["Right"].ThenJson(new Draft("Moon", "b"));

        var result = await models.Runner().RunAsync(Fan(), "go");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal("Left", result.FailedAgent);
        Assert.Contains("branch 1 of 2", result.Reason);
        var steps = result.Trace.Steps.Cast<AgentInvocationStep>().ToDictionary(s => s.AgentName);
        Assert.Equal(AgentRunStatus.InvalidOutput, steps["Left"].Status);
        Assert.Equal(AgentRunStatus.Completed, steps["Right"].Status);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task A_join_that_throws_ends_the_run_with_its_message()
    {
        var models = new Models();
        models["Left"].ThenJson(new Notes("sun", []));
        models["Right"].ThenJson(new Draft("Moon", "b"));
        var wrong = Composition.Parallel<string, string>("Fan", null, outputs => outputs.Get<Draft>(0).Title, Participant.Of(Left), Participant.Of(Right));

        var result = await models.Runner().RunAsync(wrong, "go");

        Assert.Equal(CompositionRunStatus.JoinFailed, result.Status);
        Assert.Contains("branch 'Left' answered with Notes, not Draft", result.Reason);
    }

    [Fact]
    public async Task The_budget_counts_every_agent_and_stops_the_sequence()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", [])).WithUsage(20, 10);
        models["Designer"].ThenJson(new Draft("t", "b")).WithUsage(20, 10);
        models["Writer"].ThenText("unused");

        var result = await models.Runner(new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 50 } }).RunAsync(Pipeline(), "go");

        Assert.Equal(CompositionRunStatus.BudgetExceeded, result.Status);
        Assert.Equal("Designer", result.FailedAgent);
        Assert.Equal(60, result.Trace.Usage.TotalTokens);
        Assert.Empty(models["Writer"].Requests);
    }

    [Fact]
    public async Task Concurrent_branches_spend_one_budget()
    {
        var models = new Models();
        models["Left"].ThenJson(new Notes("sun", [])).WithUsage(30, 10);
        models["Right"].ThenJson(new Draft("Moon", "b")).WithUsage(30, 10);

        var result = await models.Runner(new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 50 } }).RunAsync(Fan(), "go");

        Assert.Equal(CompositionRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(80, result.Trace.Usage.TotalTokens);
        // Whichever finished second saw both branches' spending.
        Assert.Contains(result.Trace.Steps.Cast<AgentInvocationStep>(), s => s.Status == AgentRunStatus.BudgetExceeded);
    }

    [Fact]
    public async Task The_limit_on_agent_invocations_holds_across_the_composition()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", []));
        models["Designer"].ThenJson(new Draft("t", "b"));
        models["Writer"].ThenText("unused");

        var options = new AgentRunOptions { MultiAgent = new MultiAgentLimits { MaxAgentInvocations = 2 } };
        var result = await models.Runner(options).RunAsync(Pipeline(), "go");

        Assert.Equal(CompositionRunStatus.AgentInvocationLimitReached, result.Status);
        Assert.Equal("Writer", result.FailedAgent);
        Assert.Empty(models["Writer"].Requests);
        Assert.Equal(AgentRunStatus.AgentInvocationLimitReached, result.Trace.Steps.Cast<AgentInvocationStep>().Last().Status);
    }

    [Fact]
    public async Task Cancellation_stops_every_branch()
    {
        var models = new Models();
        var tokens = new ConcurrentBag<CancellationToken>();
        var started = new CountdownEvent(2);
        foreach (var agent in new[] { "Left", "Right" })
        {
            models[agent].Then(async (_, _, cancellationToken) =>
            {
                tokens.Add(cancellationToken);
                started.Signal();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return new ChatResponse();
            });
        }
        using var cancel = new CancellationTokenSource();
        var running = models.Runner().RunAsync(Fan(), "go", cancellationToken: cancel.Token);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.True(t.IsCancellationRequested));
    }

    [Fact]
    public async Task Streaming_updates_are_tagged_with_the_agent_that_produced_them()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", []));
        models["Designer"].ThenJson(new Draft("t", "b"));
        models["Writer"].ThenText("The copy.");

        var updates = new List<AgentRunUpdate>();
        await foreach (var update in models.Runner().RunStreamingAsync(Pipeline(), "go"))
        {
            updates.Add(update);
        }

        var end = Assert.IsType<CompositionCompleted>(updates[^1]);
        Assert.Equal(CompositionRunStatus.Completed, end.Status);
        Assert.Equal("The copy.", end.Output);
        Assert.Equal(["Researcher", "Designer", "Writer"], updates.OfType<ModelCallFinished>().Select(u => u.AgentName));
        Assert.Equal(["Researcher", "Designer", "Writer"], updates.OfType<AgentInvocationFinished>().Select(u => u.AgentName));
        Assert.Equal("The copy.", string.Concat(updates.OfType<TextDelta>().Where(d => d.AgentName == "Writer").Select(d => d.Text)));
        Assert.All(updates.Where(u => u is TextDelta or ModelCallFinished or OutputValidated), u => Assert.NotNull(u.AgentName));
        // The streamed trace is the tree a non-streamed run records.
        Assert.Equal(3, end.Trace.Steps.OfType<AgentInvocationStep>().Count());
    }

    [Fact]
    public async Task A_composition_has_an_invoke_workflow_span_over_its_agents_spans()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var source = new ActivitySource("Declarative.Agents.Tests.Composition");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is DeclarativeTelemetry.SourceName or "Declarative.Agents.Tests.Composition",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var models = new Models();
        models["Left"].ThenJson(new Notes("sun", []));
        models["Right"].ThenJson(new Draft("Moon", "b"));

        string rootId;
        using (var root = source.StartActivity("test root")!)
        {
            rootId = root.TraceId.ToString();
            await models.Runner().RunAsync(Fan(), "go");
        }

        var mine = stopped.Where(a => a.TraceId.ToString() == rootId).ToList();
        var workflow = mine.Single(a => a.DisplayName == "invoke_workflow Fan");
        Assert.Equal("invoke_workflow", workflow.GetTagItem(DeclarativeTelemetry.Tags.OperationName));
        var agents = mine.Where(a => a.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["invoke_agent Left", "invoke_agent Right"], agents.Select(a => a.DisplayName).Order());
        Assert.All(agents, a => Assert.Equal(workflow.SpanId, a.ParentSpanId));
    }

    [Fact]
    public async Task The_trace_tree_has_per_agent_totals_a_summary_line_per_agent_and_round_trips_as_json()
    {
        var models = new Models();
        models["Researcher"].ThenJson(new Notes("sun", [])).WithUsage(10, 1);
        models["Designer"].ThenJson(new Draft("t", "b")).WithUsage(900, 90);
        models["Writer"].ThenText("copy").WithUsage(30, 3);
        var options = new AgentRunOptions
        {
            Prices = new PriceTable().Add("Researcher", new ModelPrice(1m, 1m)).Add("Designer", new ModelPrice(1m, 1m)).Add("Writer", new ModelPrice(1m, 1m)),
        };

        var result = await models.Runner(options).RunAsync(Pipeline(), "go");

        var totals = result.Trace.AgentTotals();
        Assert.Equal(["Researcher", "Designer", "Writer"], totals.Select(t => t.AgentName));
        Assert.All(totals, t => Assert.Equal(1, t.Invocations));
        Assert.Equal(990, totals[1].Usage.TotalTokens);
        Assert.Equal(totals.Sum(t => t.Cost), result.Trace.Cost);
        var summary = result.Trace.Summarize();
        var lines = summary.Split(Environment.NewLine);
        var header = Array.IndexOf(lines, "agents (each one's own share, most expensive first):");
        Assert.True(header > 0, summary);
        Assert.StartsWith("  Designer: cost ", lines[header + 1]);
        Assert.Contains("990 tokens", lines[header + 1]);

        var json = result.Trace.ToJson();
        Assert.Contains("\"kind\": \"agent_invocation\"", json);
        var back = RunTrace.FromJson(json);
        var designer = back.Steps.OfType<AgentInvocationStep>().Single(s => s.AgentName == "Designer");
        Assert.Equal(900, designer.Usage.InputTokens);
        Assert.Single(designer.Steps.OfType<ModelCallStep>());
    }
}
