namespace Declarative.Evaluation;

// One run's cache hits, misses and retries (the run's model calls and its judges' share one).
internal sealed class RunCounters
{
    private int _hits;
    private int _misses;
    private int _retries;

    public int Hits => Volatile.Read(ref _hits);

    public int Misses => Volatile.Read(ref _misses);

    public int Retries => Volatile.Read(ref _retries);

    public void Hit() => Interlocked.Increment(ref _hits);

    public void Miss() => Interlocked.Increment(ref _misses);

    public void Retry() => Interlocked.Increment(ref _retries);
}
