using System.Collections.Concurrent;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

/// <summary>Tools that wait on a clock the test drives, so timing is exact and a busy machine cannot stretch it.</summary>
public sealed partial class ClockedTools(TimeProvider clock)
{
    private int _waiting;

    /// <summary>How many calls are waiting on the clock now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Tokens the tools were given.</summary>
    public ConcurrentBag<CancellationToken> Tokens { get; } = [];

    [Tool(ReadOnly = true, Description = "Looks a key up; takes 200 ms of the test's clock.")]
    public async Task<string> Lookup(string key, CancellationToken cancellationToken)
    {
        Tokens.Add(cancellationToken);
        // Counted as waiting once its timer exists, so the test never moves the clock before it.
        var delay = Task.Delay(TimeSpan.FromMilliseconds(200), clock, cancellationToken);
        Interlocked.Increment(ref _waiting);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return "value of " + key;
    }

    [Tool(ReadOnly = true, Description = "Never finishes on its own; ends only when cancelled.")]
    public async Task<string> Hang(CancellationToken cancellationToken)
    {
        Tokens.Add(cancellationToken);
        var delay = Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
        Interlocked.Increment(ref _waiting);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return "unreachable";
    }

    [Tool(ReadOnly = true, Description = "Ignores its token and finishes when the test lets it.")]
    public Task<string> Stubborn()
    {
        // The call's time limit was set before the tool was called.
        Interlocked.Increment(ref _waiting);
        return Release.Task;
    }

    /// <summary>Completes <see cref="Stubborn"/>.</summary>
    public TaskCompletionSource<string> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

[Agent("You are a test agent.", Model = "small")]
public sealed partial class ClockedAgent([UseTools] ClockedTools tools);

/// <summary>
/// Time limits and step times under <see cref="AgentRunOptions.TimeProvider"/>: the test moves a fake clock,
/// so each assertion is exact. (One real-time test per behaviour stays in <see cref="AgentRunnerTests"/>.)
/// </summary>
public sealed class FakeClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static void WaitUntil(Func<bool> condition, string what)
        => Assert.True(SpinWait.SpinUntil(condition, Patience), "timed out waiting until " + what);

    [Fact]
    public async Task Read_only_calls_wait_together_and_the_trace_times_them_by_the_run_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var tools = new ClockedTools(clock);
        var client = new ScriptedChatClient()
            .ThenToolCalls(("lookup", new { key = "a" }), ("lookup", new { key = "b" }), ("lookup", new { key = "c" }), ("lookup", new { key = "d" }))
            .ThenText("done");
        var run = Runner(client, new AgentRunOptions { TimeProvider = clock }).RunAsync(new ClockedAgent(tools), "go");

        // All four wait on the clock at once: one after another, only one would be waiting.
        WaitUntil(() => tools.Waiting == 4, "four lookups wait");
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var lookups = result.Trace.ToolCalls.ToList();
        Assert.Equal(4, lookups.Count);
        Assert.All(lookups, l => Assert.Equal(TimeSpan.FromMilliseconds(200), l.Duration));
        Assert.All(lookups, l => Assert.Equal(result.Trace.StartedAt, l.StartedAt));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), result.Trace.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(200), result.Trace.Duration);
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task A_tool_times_out_exactly_at_its_limit()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedTools(clock);
        var client = new ScriptedChatClient().ThenToolCalls(("hang", new { })).ThenText("ok");
        var run = Runner(client, new AgentRunOptions { TimeProvider = clock, ToolTimeout = TimeSpan.FromMilliseconds(100) })
            .RunAsync(new ClockedAgent(tools), "go");

        WaitUntil(() => tools.Waiting == 1, "the tool waits");
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(run.IsCompleted, "the tool was stopped before its limit");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var hang = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.TimedOut, hang.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(100), hang.Duration);
        Assert.True(Assert.Single(tools.Tokens).IsCancellationRequested);
        var told = client.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString();
        Assert.Equal("Error: tool 'hang' timed out after 100 ms and was cancelled", told);
    }

    [Fact]
    public async Task A_tool_that_ignores_its_token_cannot_hold_the_run_past_the_tool_limit()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedTools(clock);
        var client = new ScriptedChatClient().ThenToolCalls(("stubborn", new { })).ThenText("ok");
        var run = Runner(client, new AgentRunOptions { TimeProvider = clock, ToolTimeout = TimeSpan.FromSeconds(1) })
            .RunAsync(new ClockedAgent(tools), "go");

        WaitUntil(() => tools.Waiting == 1, "the tool was called");
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(ToolCallOutcome.TimedOut, Assert.Single(result.Trace.ToolCalls).Outcome);
        tools.Release.SetResult("late");
    }

    [Fact]
    public async Task The_run_limit_ends_the_run_and_records_the_call_it_cut_short()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedTools(clock);
        var client = new ScriptedChatClient().ThenToolCalls(("hang", new { })).ThenText("unreached");
        var run = Runner(client, new AgentRunOptions { TimeProvider = clock, RunTimeout = TimeSpan.FromSeconds(5) })
            .RunAsync(new ClockedAgent(tools), "go");

        WaitUntil(() => tools.Waiting == 1, "the tool waits");
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(AgentRunStatus.TimedOut, result.Status);
        Assert.Equal(AgentRunStatus.TimedOut, result.Trace.Status);
        var cut = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Cancelled, cut.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(5), cut.Duration);
        Assert.Equal([0, 1], result.Trace.Steps.Select(s => s.Index));
    }

    [Fact]
    public async Task The_published_trace_does_not_change_when_a_stubborn_tool_finishes_after_the_run()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedTools(clock);
        var client = new ScriptedChatClient().ThenToolCalls(("stubborn", new { })).ThenText("unreached");
        var run = Runner(client, new AgentRunOptions { TimeProvider = clock, RunTimeout = TimeSpan.FromSeconds(1) })
            .RunAsync(new ClockedAgent(tools), "go");

        WaitUntil(() => tools.Waiting == 1, "the tool was called");
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(Patience);
        var before = result.Trace.ToJson();
        tools.Release.SetResult("late");
        await Task.Delay(50);

        Assert.Equal(AgentRunStatus.TimedOut, result.Status);
        Assert.Equal(before, result.Trace.ToJson());
        Assert.Equal(ToolCallOutcome.Cancelled, Assert.Single(result.Trace.ToolCalls).Outcome);
    }
}

/// <summary>A fake clock that counts the timers made on it, so a test moves it only once a wait has begun.</summary>
public sealed class CountingClock : FakeTimeProvider
{
    private int _timers;

    /// <summary>Timers created so far.</summary>
    public int Timers => Volatile.Read(ref _timers);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
