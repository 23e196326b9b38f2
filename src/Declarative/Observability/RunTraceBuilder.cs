using System.Collections;
using System.Diagnostics;

namespace Declarative;

/// <summary>
/// The working copy of a run's trace: every runner (the agent loop, the plan runner, the plan executor)
/// records its steps here while the run goes on, and publishes an immutable <see cref="RunTrace"/> when
/// the run ends.
/// </summary>
/// <remarks>
/// <para>A step is recorded in two moves: its place is reserved when it starts (<see cref="Reserve"/>), so
/// the trace keeps the order in which steps started even when they end in another order, and the
/// finished step is put there when it ends (<see cref="Fill"/>).</para>
/// <para>Steps running in parallel (tool calls of one turn, plan steps) reserve and fill from their own
/// threads. Neither takes a lock on the common path (the agent loop records 20-odd steps per run, and a
/// lock each would be a tenth of its own cost): a place is an <see cref="Interlocked.Increment(ref int)"/>,
/// and a fill writes its own slot. Only growing the array takes the lock; a fill that raced with a
/// growth writes again into the new array.</para>
/// <para>Usage and cost are added by the model-call step and read by budget checks, both on the run's own
/// flow: a run calls its model one request at a time.</para>
/// <para>Times come from the run's <see cref="TimeProvider"/>: a step's start is the run's wall-clock start
/// plus monotonic time elapsed, one clock read per step, and steps can never appear out of order.</para>
/// </remarks>
internal sealed class RunTraceBuilder
{
    private readonly bool _concurrentStarts;
    private TraceStep?[] _steps;
    private int _count;
    private bool _published;
    private UsageTotals _usage;
    private decimal? _cost;
    private bool _unpriced;

    /// <summary>Starts a trace.</summary>
    /// <param name="agentName">The agent (or plan) that runs.</param>
    /// <param name="time">The run's clock.</param>
    /// <param name="capacity">Steps expected; the list grows past it as usual.</param>
    /// <param name="concurrentStarts">
    /// Whether steps may start (reserve their places) from several threads at once, as plan steps do. The
    /// agent loop starts every step from its own flow (only fills come from parallel calls), so its places
    /// need no interlocked increment.
    /// </param>
    public RunTraceBuilder(string agentName, TimeProvider time, int capacity = 8, bool concurrentStarts = false)
    {
        _concurrentStarts = concurrentStarts;
        AgentName = agentName;
        Time = time;
        Clock = new RunClock(time);
        _steps = new TraceStep?[Math.Max(1, capacity)];
        StartTimestamp = Clock.Timestamp();
        StartedAt = Clock.UtcNow();
    }

    /// <summary>The agent (or plan) that runs.</summary>
    public string AgentName { get; }

    /// <summary>The run's clock, as configured.</summary>
    public TimeProvider Time { get; }

    /// <summary>The run's clock, for readings.</summary>
    public RunClock Clock { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the run started.</summary>
    public long StartTimestamp { get; }

    /// <summary>The wall-clock time at which the run started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Token usage over the model calls so far.</summary>
    public UsageTotals Usage => _usage;

    /// <summary>Cost over the model calls so far; null once one of them had no price.</summary>
    public decimal? Cost => _unpriced ? null : _cost;

    /// <summary>Where a streamed run reports each step as it is filled; null (nothing reported) for every other run.</summary>
    public Streaming.RunUpdateSink? Updates { get; init; }

    /// <summary>The index the next reserved step gets.</summary>
    public int NextIndex => Volatile.Read(ref _count);

    /// <summary>The time of a <see cref="TimeProvider.GetTimestamp"/> reading, on the run's wall clock.</summary>
    public DateTimeOffset TimeAt(long timestamp) => StartedAt + Clock.Elapsed(StartTimestamp, timestamp);

    /// <summary>Now, on the run's wall clock.</summary>
    public DateTimeOffset Now() => TimeAt(Clock.Timestamp());

    /// <summary>Reserves the place of a step that starts now; returns its index.</summary>
    public int Reserve()
    {
        int index;
        if (_concurrentStarts)
        {
            index = Interlocked.Increment(ref _count) - 1;
        }
        else
        {
            index = _count;
            Volatile.Write(ref _count, index + 1);
        }
        if (index >= Volatile.Read(ref _steps).Length)
        {
            lock (this)
            {
                var steps = _steps;
                if (index >= steps.Length)
                {
                    var larger = new TraceStep?[Math.Max(steps.Length * 2, index + 1)];
                    Array.Copy(steps, larger, steps.Length);
                    Volatile.Write(ref _steps, larger);
                }
            }
        }
        return index;
    }

    /// <summary>Puts a finished step in the place reserved for it (its <see cref="TraceStep.Index"/>).</summary>
    /// <remarks>A step that ends after the trace was published is left out of it: the published trace never changes.</remarks>
    public void Fill(TraceStep step)
    {
        var steps = Volatile.Read(ref _steps);
        Debug.Assert(step.Index >= 0 && step.Index < Volatile.Read(ref _count), "a step fills the place reserved for it");
        if ((uint)step.Index >= (uint)steps.Length)
        {
            // Only after publication (the array was handed over): the step is left out.
            return;
        }
        steps[step.Index] = step;
        if (!ReferenceEquals(steps, Volatile.Read(ref _steps)))
        {
            // The array grew while this step was written: write it again where it now lives.
            lock (this)
            {
                if (step.Index < _steps.Length)
                {
                    _steps[step.Index] = step;
                }
            }
        }
        Updates?.StepRecorded(step);
    }

    /// <summary>Reserves a place and fills it at once, for a step that ends as it starts.</summary>
    /// <param name="create">Builds the step with the index it is given.</param>
    public TStep Add<TStep>(Func<int, TStep> create) where TStep : TraceStep
    {
        var step = create(Reserve());
        Fill(step);
        return step;
    }

    /// <summary>Adds a model call's usage and cost.</summary>
    /// <param name="usage">The tokens.</param>
    /// <param name="cost">The cost, or null when the model has no price: the total is then unknown, since a partial sum would understate the bill.</param>
    // A nested run's spending, which may arrive from several branches at once.
    public void AddChildUsage(UsageTotals usage, decimal? cost)
    {
        lock (this)
        {
            AddUsage(usage, cost);
        }
    }

    public void AddUsage(UsageTotals usage, decimal? cost)
    {
        _usage += usage;
        _unpriced |= cost is null;
        _cost = (_cost ?? 0m) + (cost ?? 0m);
    }

    // The filled places from firstIndex on, in order (a reserved place still empty is left out: a step
    // not yet filled); filled is how many of the copy's items are used.
    private TraceStep[] CopyFilled(int firstIndex, out int filled)
    {
        lock (this)
        {
            var steps = _steps;
            var count = Math.Min(Volatile.Read(ref _count), steps.Length);
            var copy = count > firstIndex ? new TraceStep[count - firstIndex] : [];
            filled = 0;
            for (var i = firstIndex; i < count; i++)
            {
                if (steps[i] is { } step)
                {
                    copy[filled++] = step;
                }
            }
            return copy;
        }
    }

    /// <summary>
    /// A trace of one part of the run (a child run: a reflection loop's producer or critic), without
    /// publishing the whole: its steps from <paramref name="firstIndex"/>, and the usage and cost of its model calls.
    /// </summary>
    /// <param name="firstIndex">The part's first step.</param>
    /// <param name="startTimestamp">When the part started.</param>
    /// <param name="agentName">The part's name.</param>
    /// <param name="status">How the part ended.</param>
    /// <param name="reason">Why.</param>
    /// <param name="duration">How long it took, when the caller measured it already; otherwise measured now.</param>
    public RunTrace Slice(int firstIndex, long startTimestamp, string agentName, AgentRunStatus status, string? reason, TimeSpan? duration = null)
    {
        var mine = CopyFilled(firstIndex, out var next);
        var usage = UsageTotals.Zero;
        decimal? cost = null;
        var unpriced = false;
        for (var i = 0; i < next; i++)
        {
            if (mine[i] is ModelCallStep { Error: null } call)
            {
                usage += call.Usage;
                unpriced |= call.Cost is null;
                cost = (cost ?? 0m) + (call.Cost ?? 0m);
            }
            else if (mine[i] is AgentInvocationStep child)
            {
                usage += child.Usage;
                unpriced |= child.Cost is null;
                cost = (cost ?? 0m) + (child.Cost ?? 0m);
            }
        }
        return new RunTrace
        {
            AgentName = agentName,
            StartedAt = TimeAt(startTimestamp),
            Duration = duration ?? Clock.Elapsed(startTimestamp),
            Status = status,
            Reason = reason,
            Steps = new PublishedSteps(mine, next),
            Usage = usage,
            Cost = unpriced ? null : cost,
        };
    }

    /// <summary>Publishes the trace: the steps so far, the totals, how the run ended and how long it took.</summary>
    public RunTrace Build(AgentRunStatus status, string? reason) => Build(status, reason, Clock.Elapsed(StartTimestamp));

    /// <summary>Publishes the trace with a duration measured by the caller.</summary>
    /// <remarks>Once published, the builder hands its array over rather than copying it, and takes no more steps.</remarks>
    public RunTrace Build(AgentRunStatus status, string? reason, TimeSpan duration)
    {
        IReadOnlyList<TraceStep> published;
        lock (this)
        {
            var steps = _steps;
            var count = Math.Min(Volatile.Read(ref _count), steps.Length);
            var complete = !_published && Array.IndexOf(steps, null, 0, count) < 0;
            if (complete)
            {
                // Every place is filled: hand the array over, seen through a read-only window, and stop
                // taking steps, so nothing can change it afterwards.
                _published = true;
                _steps = [];
                published = new PublishedSteps(steps!, count);
            }
            else
            {
                var copy = CopyFilled(0, out var filled);
                published = new PublishedSteps(copy, filled);
            }
        }
        return new RunTrace
        {
            AgentName = AgentName,
            StartedAt = StartedAt,
            Duration = duration,
            Status = status,
            Reason = reason,
            Steps = published,
            Usage = _usage,
            Cost = Cost,
        };
    }
}

/// <summary>
/// The published steps: a read-only window on the builder's array, handed over rather than copied.
/// Read-only all the way down: an array (or a <see cref="List{T}"/>) would let a cast change its items.
/// </summary>
internal sealed class PublishedSteps(TraceStep?[] steps, int count) : IReadOnlyList<TraceStep>, IList<TraceStep>
{
    public int Count => count;

    public bool IsReadOnly => true;

    public TraceStep this[int index]
    {
        get => (uint)index < (uint)count ? steps[index]! : throw new ArgumentOutOfRangeException(nameof(index));
        set => throw ReadOnly();
    }

    public IEnumerator<TraceStep> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return steps[i]!;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(TraceStep item) => Array.IndexOf(steps, item, 0, count);

    public bool Contains(TraceStep item) => IndexOf(item) >= 0;

    public void CopyTo(TraceStep[] array, int arrayIndex) => Array.Copy(steps, 0, array, arrayIndex, count);

    public void Add(TraceStep item) => throw ReadOnly();

    public void Insert(int index, TraceStep item) => throw ReadOnly();

    public bool Remove(TraceStep item) => throw ReadOnly();

    public void RemoveAt(int index) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("A published trace is read-only.");
}
