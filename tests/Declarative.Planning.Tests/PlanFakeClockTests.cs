using Declarative.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>Plan tools that wait on a clock the test drives.</summary>
public sealed partial class ClockedPlanTools(TimeProvider clock)
{
    private int _waiting;

    /// <summary>How many calls are waiting now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Completes <see cref="Stubborn"/>.</summary>
    public TaskCompletionSource<int> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Tool(ReadOnly = true, Description = "Waits on the clock, then returns the milliseconds waited.")]
    public async Task<int> Wait(int milliseconds, CancellationToken cancellationToken)
    {
        // Counted as waiting once its timer exists, so the test never moves the clock before it.
        var delay = Task.Delay(TimeSpan.FromMilliseconds(milliseconds), clock, cancellationToken);
        Interlocked.Increment(ref _waiting);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return milliseconds;
    }

    /// <summary>What the side-effecting tool did, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    [Tool(Description = "Waits on the clock, then writes: a side effect.")]
    public async Task<int> WaitAndWrite(string key, int milliseconds, CancellationToken cancellationToken)
    {
        var delay = Task.Delay(TimeSpan.FromMilliseconds(milliseconds), clock, cancellationToken);
        Log.Enqueue("start " + key);
        Interlocked.Increment(ref _waiting);
        try
        {
            await delay;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Log.Enqueue("wrote " + key);
        return milliseconds;
    }

    [Tool(ReadOnly = true, Description = "Ignores its token; finishes when the test lets it.")]
    public Task<int> Stubborn()
    {
        // The step's time limit was set before the tool was called.
        Interlocked.Increment(ref _waiting);
        return Release.Task;
    }
}

[Agent("You plan with clocked tools.")]
public sealed partial class ClockedPlanAgent([UseTools] ClockedPlanTools tools);

/// <summary>Plan time limits under a fake clock: exact, and independent of the machine's load.</summary>
public sealed class PlanFakeClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static void WaitUntil(Func<bool> condition, string what)
        => Assert.True(SpinWait.SpinUntil(condition, Patience), "timed out waiting until " + what);

    [Fact]
    public async Task A_plan_run_ends_at_its_time_limit_with_the_steps_so_far_in_its_trace()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedPlanTools(clock);
        var model = new ScriptedChatClient().ThenText("""{"steps":[{"id":"w","tool":"wait","arguments":{"milliseconds":60000}}]}""");
        var run = new PlanRunner(model, new PlanRunOptions { TimeProvider = clock, RunTimeout = TimeSpan.FromSeconds(10) })
            .RunAsync(new ClockedPlanAgent(tools), "wait a minute");

        WaitUntil(() => tools.Waiting == 1, "the step waits");
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(run.IsCompleted, "the run stopped before its limit");
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(PlanRunStatus.TimedOut, result.Status);
        Assert.Contains("longer than its limit of 00:00:10", result.Reason, StringComparison.Ordinal);
        Assert.Equal(AgentRunStatus.TimedOut, result.Trace.Status);
        Assert.Equal(["ModelCallStep", "PlanValidationStep", "PlanStepCall"], result.Trace.Steps.Select(s => s.GetType().Name));
        var step = result.Trace.PlanSteps.Single();
        Assert.Equal(PlanStepStatus.Cancelled, step.Status);
        Assert.Equal(TimeSpan.FromSeconds(10), step.Duration);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Trace.Duration);
    }

    [Fact]
    public async Task A_step_limit_holds_against_a_tool_that_ignores_its_token()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedPlanTools(clock);
        var plan = new PlanValidator(tools).Validate("""{"steps":[{"id":"s","tool":"stubborn","arguments":{}}]}""").Plan!;
        var executor = new PlanExecutor(tools, new PlanExecutionOptions { TimeProvider = clock, StepTimeout = TimeSpan.FromMilliseconds(500) });

        var run = executor.ExecuteAsync(plan, "stubborn");
        WaitUntil(() => tools.Waiting == 1, "the tool was called");
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(PlanStepStatus.TimedOut, result["s"].Status);
        Assert.Equal("tool 'stubborn' timed out after 500 ms and was cancelled", Assert.Single(result["s"].Errors).Message);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result["s"].Duration);
        tools.Release.SetResult(1);
    }

    [Fact]
    public async Task Side_effects_run_one_at_a_time_while_read_only_steps_run_beside_them()
    {
        var clock = new FakeTimeProvider();
        var tools = new ClockedPlanTools(clock);
        var plan = new PlanValidator(tools).Validate("""
            {"steps":[{"id":"w1","tool":"wait_and_write","arguments":{"key":"1","milliseconds":60}},
                      {"id":"w2","tool":"wait_and_write","arguments":{"key":"2","milliseconds":60}},
                      {"id":"r","tool":"wait","arguments":{"milliseconds":60}}]}
            """).Plan!;

        var run = new PlanExecutor(tools, new PlanExecutionOptions { TimeProvider = clock }).ExecuteAsync(plan);
        // The first write and the read-only step wait together; the second write has not started.
        WaitUntil(() => tools.Waiting == 2, "the first write and the read wait");
        await Task.Delay(20);
        Assert.Equal(["start 1"], tools.Log);
        clock.Advance(TimeSpan.FromMilliseconds(60));
        WaitUntil(() => tools.Log.Contains("start 2") && tools.Waiting == 1, "the second write waits");
        clock.Advance(TimeSpan.FromMilliseconds(60));
        var result = await run.WaitAsync(Patience);

        Assert.True(result.IsSuccess, result.Describe());
        Assert.Equal(["start 1", "wrote 1", "start 2", "wrote 2"], tools.Log);
        Assert.Equal(TimeSpan.Zero, result["w1"].StartOffset);
        Assert.Equal(TimeSpan.Zero, result["r"].StartOffset);
        Assert.Equal(TimeSpan.FromMilliseconds(60), result["w2"].StartOffset);
        Assert.Equal(TimeSpan.FromMilliseconds(120), result.Duration);
    }

    [Fact]
    public async Task Retries_wait_their_delay_on_the_run_clock()
    {
        var clock = new CountingClock();
        var tools = new ClockedPlanTools(clock);
        var plan = new PlanValidator(tools).Validate("""{"steps":[{"id":"w","tool":"wait","arguments":{"milliseconds":1000}}]}""").Plan!;
        var options = new PlanExecutionOptions
        {
            TimeProvider = clock,
            StepTimeout = TimeSpan.FromMilliseconds(100),
            Retry = new PlanRetryPolicy { MaxAttempts = 2, Delay = TimeSpan.FromSeconds(3) },
        };

        var run = new PlanExecutor(tools, options).ExecuteAsync(plan);
        WaitUntil(() => tools.Waiting == 1, "the first attempt waits");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        // Timers: the first attempt's limit and its tool's wait, then the retry's delay.
        WaitUntil(() => clock.Timers == 3, "the retry waits");
        // The step stops waiting for a timed-out tool at once; the tool's own unwinding may come later.
        WaitUntil(() => tools.Waiting == 0, "the first attempt's tool unwound");
        clock.Advance(TimeSpan.FromMilliseconds(2999));
        await Task.Delay(20);
        // No second attempt yet: it would have set a time limit (a fourth timer) and called the tool.
        Assert.Equal(3, clock.Timers);
        Assert.Equal(0, tools.Waiting);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        WaitUntil(() => tools.Waiting == 1, "the second attempt waits");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var result = await run.WaitAsync(Patience);

        Assert.Equal(PlanStepStatus.TimedOut, result["w"].Status);
        Assert.Equal(2, result["w"].Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(3200), result["w"].Duration);
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
