namespace Declarative.Evaluation;

/// <summary>How an eval runs: parallelism, repetitions, per-case limits, retries, the response cache.</summary>
public sealed record EvalOptions
{
    /// <summary>The default options.</summary>
    public static EvalOptions Default { get; } = new();

    /// <summary>Runs at the same time (cases × repetitions); default 4.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>Runs per case; default 1. Agents are not deterministic: with more, each case has a pass rate and an interval.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Each run's time limit (the case then fails as timed out; the eval goes on), or null for none.</summary>
    public TimeSpan? CaseTimeout { get; init; }

    /// <summary>Each run's token and cost budget, or null for none.</summary>
    public UsageBudget? CaseBudget { get; init; }

    /// <summary>The models' prices, so runs and judges report their cost (a target's own options win).</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>Retries of a model call that failed with a transient error; default 2.</summary>
    public int MaxTransientRetries { get; init; } = 2;

    /// <summary>The delay before the first retry, doubling after each; default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Which errors are transient; default: <see cref="HttpRequestException"/> without a status or with 408, 429 or 5xx,
    /// <see cref="TimeoutException"/> and <see cref="IOException"/>. A cancellation by the caller never is.
    /// </summary>
    public Func<Exception, bool>? IsTransient { get; init; }

    /// <summary>The response cache, or null for none.</summary>
    public ResponseCache? Cache { get; init; }

    /// <summary>The confidence level of the intervals; default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The eval's name in reports; default the target's name.</summary>
    public string? Name { get; init; }

    /// <summary>The clock (for the start time and retry delays).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelism, 1, nameof(MaxParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(Repetitions, 1, nameof(Repetitions));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxTransientRetries, nameof(MaxTransientRetries));
        if (CaseTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CaseTimeout), timeout, "A positive time-out, or null for none.");
        }
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConfidenceLevel), ConfidenceLevel, "A confidence level strictly between 0 and 1.");
        }
    }
}

/// <summary>Which run a chat client is asked for (<see cref="EvalRunner(Func{EvalCaseInfo, Microsoft.Extensions.AI.IChatClient}, EvalOptions?)"/>).</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Repetition">The repetition, from 1.</param>
/// <param name="Tags">The case's tags.</param>
public sealed record EvalCaseInfo(string CaseId, int Repetition, IReadOnlyList<string> Tags);
