namespace Declarative.Planning;

/// <summary>How failed calls of read-only tools are retried. Tools with side effects never run twice.</summary>
public sealed record PlanRetryPolicy
{
    /// <summary>No retries.</summary>
    public static PlanRetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Calls per step at most, the first included. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one. Default 100 ms.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(100);
}
