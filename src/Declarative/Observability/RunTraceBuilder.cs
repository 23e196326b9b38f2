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
/// finished step is put there when it ends (<see cref="Fill"/>). Steps running in parallel (tool calls
/// of one turn, plan steps) reserve and fill from their own threads, so both take a lock; it is
/// uncontended in the agent loop, whose steps start from one place.</para>
/// <para>Times come from the run's <see cref="TimeProvider"/>: a step's start is the run's wall-clock start
/// plus monotonic time elapsed, one clock read per step, and steps can never appear out of order.</para>
/// </remarks>
internal sealed class RunTraceBuilder
{
    private readonly object _gate = new();
    private TraceStep?[] _steps;
    private int _count;
    private UsageTotals _usage;
    private decimal? _cost;
    private bool _unpriced;

    /// <summary>Starts a trace.</summary>
    /// <param name="agentName">The agent (or plan) that runs.</param>
    /// <param name="time">The run's clock.</param>
    /// <param name="capacity">Steps expected; the list grows past it as usual.</param>
    public RunTraceBuilder(string agentName, TimeProvider time, int capacity = 8)
    {
        AgentName = agentName;
        Time = time;
        _steps = new TraceStep?[Math.Max(1, capacity)];
        StartTimestamp = time.GetTimestamp();
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The agent (or plan) that runs.</summary>
    public string AgentName { get; }

    /// <summary>The run's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the run started.</summary>
    public long StartTimestamp { get; }

    /// <summary>The wall-clock time at which the run started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Token usage over the model calls so far.</summary>
    public UsageTotals Usage
    {
        get
        {
            lock (_gate)
            {
                return _usage;
            }
        }
    }

    /// <summary>Cost over the model calls so far; null once one of them had no price.</summary>
    public decimal? Cost
    {
        get
        {
            lock (_gate)
            {
                return _unpriced ? null : _cost;
            }
        }
    }

    /// <summary>The index the next reserved step gets.</summary>
    public int NextIndex
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The time of a <see cref="TimeProvider.GetTimestamp"/> reading, on the run's wall clock.</summary>
    public DateTimeOffset TimeAt(long timestamp) => StartedAt + Time.GetElapsedTime(StartTimestamp, timestamp);

    /// <summary>Now, on the run's wall clock.</summary>
    public DateTimeOffset Now() => TimeAt(Time.GetTimestamp());

    /// <summary>Reserves the place of a step that starts now; returns its index.</summary>
    public int Reserve()
    {
        lock (_gate)
        {
            if (_count == _steps.Length)
            {
                Array.Resize(ref _steps, _steps.Length * 2);
            }
            return _count++;
        }
    }

    /// <summary>Puts a finished step in the place reserved for it (its <see cref="TraceStep.Index"/>).</summary>
    public void Fill(TraceStep step)
    {
        lock (_gate)
        {
            var at = step.Index;
            Debug.Assert(at >= 0 && at < _count && _steps[at] is null, "a step fills the place reserved for it, once");
            _steps[at] = step;
        }
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
    public void AddUsage(UsageTotals usage, decimal? cost)
    {
        lock (_gate)
        {
            _usage += usage;
            _unpriced |= cost is null;
            _cost = (_cost ?? 0m) + (cost ?? 0m);
        }
    }

    /// <summary>The steps recorded so far, in order (a step still running is left out).</summary>
    public TraceStep[] Steps()
    {
        lock (_gate)
        {
            var filled = 0;
            for (var i = 0; i < _count; i++)
            {
                filled += _steps[i] is null ? 0 : 1;
            }
            var steps = new TraceStep[filled];
            var next = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_steps[i] is { } step)
                {
                    steps[next++] = step;
                }
            }
            return steps;
        }
    }

    /// <summary>Publishes the trace: the steps so far, the totals, how the run ended and how long it took.</summary>
    public RunTrace Build(AgentRunStatus status, string? reason) => Build(status, reason, Time.GetElapsedTime(StartTimestamp));

    /// <summary>Publishes the trace with a duration measured by the caller.</summary>
    public RunTrace Build(AgentRunStatus status, string? reason, TimeSpan duration)
    {
        var steps = Steps();
        lock (_gate)
        {
            return new RunTrace
            {
                AgentName = AgentName,
                StartedAt = StartedAt,
                Duration = duration,
                Status = status,
                Reason = reason,
                // Read-only all the way down: an array would let a cast replace its items.
                Steps = Array.AsReadOnly(steps),
                Usage = _usage,
                Cost = _unpriced ? null : _cost,
            };
        }
    }
}
