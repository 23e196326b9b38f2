using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Declarative.Streaming;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

/// <summary>Tools for streamed runs: a slow read on the test's clock, quick reads and writes, an approval, a failure and a hang.</summary>
public sealed partial class StreamTools(TimeProvider clock)
{
    /// <summary>Every side effect, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Tokens the hanging tool was given.</summary>
    public ConcurrentBag<CancellationToken> Tokens { get; } = [];

    [Tool(ReadOnly = true, Description = "Looks a key up; takes 100 ms of the test's clock.")]
    public async Task<string> Lookup(string key, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
        return "value of " + key;
    }

    [Tool(ReadOnly = true, Description = "Looks a key up at once.")]
    public string Peek(string key) => "peeked " + key;

    [Tool(Description = "Writes a key; has side effects.")]
    public string Write(string key)
    {
        Log.Enqueue("write " + key);
        return "wrote " + key;
    }

    [Tool(RequiresApproval = true, Description = "Refunds an order.")]
    public string Refund(string orderId)
    {
        Log.Enqueue("refund " + orderId);
        return "refunded " + orderId;
    }

    [Tool(Description = "Always fails.")]
    public string Fail(string reason) => throw new InvalidOperationException("boom: " + reason);

    [Tool(Description = "Never finishes unless cancelled.")]
    public async Task<string> Hang(CancellationToken cancellationToken)
    {
        Tokens.Add(cancellationToken);
        await Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
        return "unreachable";
    }
}

[Agent("You are a streaming test agent.")]
public sealed partial class StreamAgent([UseTools] StreamTools tools);

/// <summary><see cref="AgentRunner.RunStreamingAsync(IAgent, string, CancellationToken)"/>: the same run as <c>RunAsync</c>, reported as it happens.</summary>
public sealed class StreamingRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly IToolApprovalHandler Approve =
        new DelegateApprovalHandler((request, _) => ValueTask.FromResult(ToolApprovalDecision.Approve("ok by test")));

    private static async Task<List<AgentRunUpdate>> CollectAsync(IAsyncEnumerable<AgentRunUpdate> updates, Action<AgentRunUpdate>? onEach = null)
    {
        var all = new List<AgentRunUpdate>();
        await foreach (var update in updates)
        {
            all.Add(update);
            onEach?.Invoke(update);
        }
        return all;
    }

    private static int IndexOf<T>(List<AgentRunUpdate> updates, Func<T, bool> match) where T : AgentRunUpdate
    {
        var index = updates.FindIndex(u => u is T t && match(t));
        Assert.True(index >= 0, $"no {typeof(T).Name} matched");
        return index;
    }

    [Fact]
    public async Task Updates_arrive_in_order_for_text_parallel_reads_a_write_and_an_approval()
    {
        var clock = new FakeTimeProvider(Start);
        var tools = new StreamTools(clock);
        var client = new ScriptedChatClient { TimeProvider = clock }
            .ThenTextAndToolCalls("Let me check that.",
                new ScriptedToolCall("lookup", new { key = "a" }), new ScriptedToolCall("lookup", new { key = "b" }),
                new ScriptedToolCall("write", new { key = "x" }), new ScriptedToolCall("refund", new { orderId = "ORD-1" }))
            .WithUsage(10, 5)
            .ThenText("Looked up a and b, wrote x, refunded ORD-1.")
            .WithUsage(20, 8);
        var runner = Runner(client, new AgentRunOptions { TimeProvider = clock, ApprovalHandler = Approve });

        var lookupsStarted = 0;
        var updates = await CollectAsync(runner.RunStreamingAsync(new StreamAgent(tools), "go"), update =>
        {
            // Both lookups wait on the clock at once; the test moves it only when it has seen both start.
            if (update is ToolCallStarted { ToolName: "lookup" } && ++lookupsStarted == 2)
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        }).WaitAsync(Patience);

        // The first answer's text, piece by piece, then its model step, then the four calls as asked.
        var firstText = updates.TakeWhile(u => u is TextDelta).Cast<TextDelta>().ToList();
        Assert.True(firstText.Count > 1, "the text came in pieces");
        Assert.Equal("Let me check that.", string.Concat(firstText.Select(d => d.Text)));
        Assert.All(firstText, d => Assert.Equal((1, 0), (d.Iteration, d.StepIndex)));
        var firstModel = Assert.IsType<ModelCallFinished>(updates[firstText.Count]);
        Assert.Equal(0, firstModel.Step.Index);
        var requested = updates.Skip(firstText.Count + 1).Take(4).Cast<ToolCallRequested>().ToList();
        Assert.Equal(["lookup", "lookup", "write", "refund"], requested.Select(r => r.ToolName));
        Assert.Equal("""{"key":"a"}""", requested[0].Arguments);
        Assert.Equal("""{"orderId":"ORD-1"}""", requested[3].Arguments);

        int Started(string callId) => IndexOf<ToolCallStarted>(updates, s => s.CallId == callId);
        int Finished(string callId) => IndexOf<ToolCallFinished>(updates, f => f.CallId == callId);
        var ids = requested.Select(r => r.CallId).ToArray();
        foreach (var id in ids)
        {
            Assert.True(Started(id) > firstText.Count + 4, "every call was requested before any started");
            Assert.True(Started(id) < Finished(id));
        }
        // Read-only calls together: both started before either finished.
        Assert.True(Math.Max(Started(ids[0]), Started(ids[1])) < Math.Min(Finished(ids[0]), Finished(ids[1])));
        // Side effects in the order asked; the refund asked, approved, then run.
        var asked = IndexOf<ApprovalRequested>(updates, a => a.CallId == ids[3]);
        var decided = IndexOf<ApprovalDecided>(updates, a => a.CallId == ids[3]);
        Assert.True(Finished(ids[2]) < Started(ids[3]));
        Assert.True(asked < decided && decided < Started(ids[3]));
        var decision = (ApprovalDecided)updates[decided];
        Assert.True(decision.Approved);
        Assert.Equal("ok by test", decision.Reason);
        Assert.Equal("""{"orderId":"ORD-1"}""", ((ApprovalRequested)updates[asked]).Arguments);
        Assert.Equal(["write x", "refund ORD-1"], tools.Log);

        // The answer after every call finished; the end last, holding the same trace the updates showed.
        var lastFinished = ids.Max(Finished);
        var answer = updates.OfType<TextDelta>().Where(d => d.Iteration == 2).ToList();
        Assert.All(answer, d => Assert.True(updates.IndexOf(d) > lastFinished));
        var end = Assert.IsType<RunCompleted>(updates[^1]);
        Assert.Single(updates.OfType<RunCompleted>());
        Assert.Equal(AgentRunStatus.Completed, end.Status);
        Assert.Equal("Looked up a and b, wrote x, refunded ORD-1.", end.Text);
        Assert.Equal(end.Text, string.Concat(answer.Select(d => d.Text)));
        Assert.Equal(new UsageTotals { InputTokens = 30, OutputTokens = 13 }, end.Trace.Usage);
        foreach (var finished in updates.OfType<ToolCallFinished>())
        {
            Assert.Same(end.Trace.Steps[finished.StepIndex], finished.Step);
            Assert.Equal(ToolCallOutcome.Succeeded, finished.Outcome);
        }
        Assert.Equal("\"value of a\"", updates.OfType<ToolCallFinished>().Single(f => f.CallId == ids[0]).Result);
        Assert.All(updates.OfType<ModelCallFinished>(), m => Assert.Same(end.Trace.Steps[m.StepIndex], m.Step));
        Assert.All(client.Requests, r => Assert.True(r.IsStreaming, "the model was asked for a stream"));
        AssertCallsPaired(end.ToResult());
    }

    // One script for both runs: text, parallel reads, a write, an approved and a denied approval, an unknown
    // tool, bad arguments, a failing tool, usage, then an answer.
    private static ScriptedChatClient Script(TimeProvider clock) => new ScriptedChatClient { TimeProvider = clock }
        .ThenTextAndToolCalls("Checking.",
            new ScriptedToolCall("peek", new { key = "a" }), new ScriptedToolCall("peek", new { key = "b" }),
            new ScriptedToolCall("write", new { key = "x" }), new ScriptedToolCall("refund", new { orderId = "ORD-1" }),
            new ScriptedToolCall("refund", new { orderId = "ORD-2" }))
        .WithUsage(100, 10)
        .ThenToolCalls(("delete_all", new { }), ("peek", new { key = 3 }), ("fail", new { reason = "test" }))
        .WithUsage(120, 12)
        .ThenText("Done with a, b and x.")
        .WithUsage(140, 14);

    private static readonly IToolApprovalHandler ApproveOne = new DelegateApprovalHandler((request, _) => ValueTask.FromResult(
        request.ArgumentsJson.Contains("ORD-1", StringComparison.Ordinal) ? ToolApprovalDecision.Approve("first") : ToolApprovalDecision.Deny("second")));

    [Fact]
    public async Task The_streamed_trace_is_the_trace_of_the_same_run_not_streamed()
    {
        var prices = new PriceTable().Add("scripted", new ModelPrice(1m, 2m));
        AgentRunOptions Options(TimeProvider clock) => new() { TimeProvider = clock, ApprovalHandler = ApproveOne, Prices = prices };

        var plainClock = new FakeTimeProvider(Start);
        var plain = await Runner(Script(plainClock), Options(plainClock)).RunAsync(new StreamAgent(new StreamTools(plainClock)), "go");

        var streamedClock = new FakeTimeProvider(Start);
        var streamedClient = Script(streamedClock);
        var updates = await CollectAsync(Runner(streamedClient, Options(streamedClock)).RunStreamingAsync(new StreamAgent(new StreamTools(streamedClock)), "go"));
        var end = Assert.IsType<RunCompleted>(updates[^1]);

        Assert.Equal(AgentRunStatus.Completed, plain.Status);
        Assert.Equal(plain.Status, end.Status);
        Assert.Equal(plain.Text, end.Text);
        Assert.All(streamedClient.Requests, r => Assert.True(r.IsStreaming));
        // Step kinds, tool names, arguments, results, errors, outcomes, approvals, usage, cost — and, on
        // clocks that never moved, the times too: the whole trace, as JSON.
        Assert.Equal(plain.Trace.ToJson(), end.Trace.ToJson());
        Assert.Equal(
            [ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Denied,
             ToolCallOutcome.Refused, ToolCallOutcome.Failed, ToolCallOutcome.Failed],
            end.Trace.ToolCalls.Select(c => c.Outcome));
        Assert.NotNull(end.Trace.Cost);
        Assert.Equal(plain.Messages.Count, end.Messages.Count);
        Assert.Equal(plain.Messages.Select(m => m.Text), end.Messages.Select(m => m.Text));

        // Each step was reported as it was put in the trace, once.
        var reported = updates.OfType<ModelCallFinished>().Select(m => (TraceStep)m.Step)
            .Concat(updates.OfType<ToolCallFinished>().Select(f => f.Step)).OrderBy(s => s.Index).ToList();
        Assert.Equal(end.Trace.Steps, reported);
        // A denied call never started; refusals and failures are reported with their errors.
        var denied = updates.OfType<ToolCallFinished>().Single(f => f.Outcome == ToolCallOutcome.Denied);
        Assert.DoesNotContain(updates, u => u is ToolCallStarted s && s.CallId == denied.CallId);
        Assert.Contains(updates, u => u is ApprovalDecided { Approved: false, Reason: "second" } d && d.CallId == denied.CallId);
        var refused = updates.OfType<ToolCallFinished>().Single(f => f.Outcome == ToolCallOutcome.Refused);
        Assert.Contains("delete_all", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(updates.OfType<ToolCallFinished>(), f => f.Outcome == ToolCallOutcome.Failed && f.Errors[0].Path == "$.key");
    }

    [Fact]
    public async Task A_limit_ends_the_stream_with_its_status()
    {
        var clock = new FakeTimeProvider(Start);
        var client = new ScriptedChatClient().ThenToolCalls(("peek", new { key = "a" })).ThenToolCalls(("peek", new { key = "b" })).ThenText("never");
        var updates = await CollectAsync(Runner(client, new AgentRunOptions { TimeProvider = clock, MaxIterations = 2 })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go"));

        var end = Assert.IsType<RunCompleted>(updates[^1]);
        Assert.Equal(AgentRunStatus.MaxIterationsReached, end.Status);
        Assert.Equal("no final answer after 2 iterations", end.Reason);
        Assert.Equal(2, updates.OfType<ToolCallFinished>().Count());
        Assert.Equal(1, client.RemainingSteps);
    }

    [Fact]
    public async Task A_budget_and_failing_tools_end_the_stream_with_their_status()
    {
        var clock = new FakeTimeProvider(Start);
        var budgeted = new ScriptedChatClient().ThenToolCalls(("peek", new { key = "a" })).WithUsage(500, 600).ThenText("never");
        var overBudget = await CollectAsync(Runner(budgeted, new AgentRunOptions { TimeProvider = clock, Budget = new UsageBudget { MaxTotalTokens = 1000 } })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go"));
        Assert.Equal(AgentRunStatus.BudgetExceeded, Assert.IsType<RunCompleted>(overBudget[^1]).Status);
        Assert.DoesNotContain(overBudget, u => u is ToolCallRequested);

        var failing = new ScriptedChatClient().ThenToolCalls(("fail", new { reason = "1" })).ThenToolCalls(("fail", new { reason = "2" })).ThenText("never");
        var errors = await CollectAsync(Runner(failing, new AgentRunOptions { TimeProvider = clock, MaxConsecutiveErrors = 2 })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go"));
        var end = Assert.IsType<RunCompleted>(errors[^1]);
        Assert.Equal(AgentRunStatus.TooManyConsecutiveErrors, end.Status);
        Assert.Equal(2, errors.OfType<ToolCallFinished>().Count(f => f.Outcome == ToolCallOutcome.Failed));
    }

    [Fact]
    public async Task The_run_time_limit_ends_a_slow_stream_with_TimedOut()
    {
        var clock = new FakeTimeProvider(Start);
        var client = new ScriptedChatClient { TimeProvider = clock }.ThenText("one two three four").WithChunkDelay(TimeSpan.FromSeconds(2));
        var stream = Runner(client, new AgentRunOptions { TimeProvider = clock, RunTimeout = TimeSpan.FromSeconds(3) })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go");

        var updates = await CollectAsync(stream, update =>
        {
            if (update is TextDelta)
            {
                // Each piece waits 2 s of the run's clock; the third would arrive after the 3 s limit.
                clock.Advance(TimeSpan.FromSeconds(2));
            }
        }).WaitAsync(Patience);

        Assert.Equal(["one", " two"], updates.OfType<TextDelta>().Select(d => d.Text));
        var end = Assert.IsType<RunCompleted>(updates[^1]);
        Assert.Equal(AgentRunStatus.TimedOut, end.Status);
        Assert.Equal("cancelled", Assert.Single(end.Trace.ModelCalls).Error);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_at_once_and_stops_the_run()
    {
        var clock = new FakeTimeProvider(Start);
        var client = new ScriptedChatClient { TimeProvider = clock }
            .ThenText("a long answer written slowly").WithChunkDelay(TimeSpan.FromSeconds(1))
            .ThenText("never asked");
        using var cancel = new CancellationTokenSource();
        var seen = new List<AgentRunUpdate>();

        var stream = Runner(client, new AgentRunOptions { TimeProvider = clock })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go", cancel.Token);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in stream)
            {
                seen.Add(update);
                if (update is TextDelta)
                {
                    // The model is mid-answer, waiting on a clock that never moves: only cancellation ends this.
                    cancel.Cancel();
                }
            }
        }).WaitAsync(Patience);

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal("a", Assert.Single(seen.OfType<TextDelta>()).Text);
        Assert.DoesNotContain(seen, u => u is RunCompleted);
        Assert.Single(client.Requests);
        Assert.Equal(1, client.RemainingSteps);
    }

    [Fact]
    public async Task Leaving_the_stream_early_cancels_the_run()
    {
        var clock = new FakeTimeProvider(Start);
        var tools = new StreamTools(clock);
        var client = new ScriptedChatClient().ThenToolCalls(("hang", new { })).ThenText("never");

        await foreach (var update in Runner(client, new AgentRunOptions { TimeProvider = clock }).RunStreamingAsync(new StreamAgent(tools), "go"))
        {
            if (update is ToolCallStarted { ToolName: "hang" })
            {
                break;
            }
        }

        var token = Assert.Single(tools.Tokens);
        Assert.True(SpinWait.SpinUntil(() => token.IsCancellationRequested, Patience), "the tool's token was cancelled");
        Assert.Equal(1, client.RemainingSteps);
    }

    [Fact]
    public async Task A_model_that_fails_mid_stream_ends_the_run_with_ModelError()
    {
        var clock = new FakeTimeProvider(Start);
        var scripted = new ScriptedChatClient().ThenText("partial answer that breaks");
        var client = new BreakingStreamClient(scripted, afterUpdates: 2, new HttpRequestException("connection reset"));

        var updates = await CollectAsync(new AgentRunner(client, new AgentRunOptions { TimeProvider = clock })
            .RunStreamingAsync(new StreamAgent(new StreamTools(clock)), "go"));

        Assert.Equal(["partial", " answer"], updates.OfType<TextDelta>().Select(d => d.Text));
        var failed = Assert.IsType<ModelCallFinished>(updates[^2]);
        Assert.Equal("connection reset", failed.Step.Error);
        var end = Assert.IsType<RunCompleted>(updates[^1]);
        Assert.Equal(AgentRunStatus.ModelError, end.Status);
        Assert.Equal("the model call failed: connection reset", end.Reason);
        Assert.Null(end.Text);
    }

    [Fact]
    public async Task A_typed_agent_streams_its_JSON_and_its_output_check()
    {
        var client = new ScriptedChatClient()
            .ThenJson("""{"approved": "yes", "reason": "fine", "tags": []}""")
            .ThenJson("""{"approved": true, "reason": "fine", "tags": ["a"]}""");
        var updates = await CollectAsync(Runner(client).RunStreamingAsync(new VerdictAgent(), "decide"));

        var checks = updates.OfType<OutputValidated>().ToList();
        Assert.Equal(2, checks.Count);
        Assert.Contains(checks[0].Step.Errors, e => e.Path == "$.approved");
        Assert.Empty(checks[1].Step.Errors);
        var end = Assert.IsType<RunCompleted>(updates[^1]);
        Assert.Equal(AgentRunStatus.Completed, end.Status);
        Assert.Equal(end.Text, string.Concat(updates.OfType<TextDelta>().Where(d => d.Iteration == 2).Select(d => d.Text)));
        var verdict = Assert.IsType<Verdict>(end.Output);
        Assert.True(verdict.Approved);
        Assert.Equal(["a"], verdict.Tags);
    }

    [Fact]
    public void Arguments_are_checked_when_the_stream_is_asked_for()
    {
        var runner = Runner(new ScriptedChatClient());
        Assert.Throws<ArgumentNullException>(() => runner.RunStreamingAsync(null!, "go"));
        Assert.Throws<ArgumentNullException>(() => runner.RunStreamingAsync(new StreamAgent(new StreamTools(TimeProvider.System)), (IEnumerable<ChatMessage>)null!));
    }

    /// <summary>Streams a scripted answer and breaks off after some pieces, as a dropped connection does.</summary>
    private sealed class BreakingStreamClient(IChatClient inner, int afterUpdates, Exception exception) : DelegatingChatClient(inner)
    {
        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                                              [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var given = 0;
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                if (given++ == afterUpdates)
                {
                    throw exception;
                }
                yield return update;
            }
        }
    }
}
