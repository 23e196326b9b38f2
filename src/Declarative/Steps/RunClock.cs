using System.Diagnostics;

namespace Declarative;

/// <summary>
/// A run's clock: its <see cref="TimeProvider"/>, read straight from <see cref="Stopwatch"/> when that is
/// <see cref="TimeProvider.System"/>. A run reads the clock a few times per step; through the provider each
/// reading is a virtual call and each elapsed time a division by its frequency, together a measurable
/// share of the agent loop's own cost.
/// </summary>
internal readonly struct RunClock
{
    private readonly TimeProvider? _custom;

    public RunClock(TimeProvider provider) => _custom = ReferenceEquals(provider, TimeProvider.System) ? null : provider;

    /// <summary>The provider, for timers (time limits, delays).</summary>
    public TimeProvider Provider => _custom ?? TimeProvider.System;

    /// <summary>A monotonic timestamp.</summary>
    public long Timestamp() => _custom is null ? Stopwatch.GetTimestamp() : _custom.GetTimestamp();

    /// <summary>The time between two timestamps.</summary>
    public TimeSpan Elapsed(long start, long end) => _custom is null ? Stopwatch.GetElapsedTime(start, end) : _custom.GetElapsedTime(start, end);

    /// <summary>The time since a timestamp.</summary>
    public TimeSpan Elapsed(long start) => Elapsed(start, Timestamp());

    /// <summary>The wall-clock time now.</summary>
    public DateTimeOffset UtcNow() => _custom is null ? DateTimeOffset.UtcNow : _custom.GetUtcNow();
}
