namespace Declarative.Planning;

/// <summary>Options of a plan-and-execute run.</summary>
public sealed record PlanRunOptions
{
    /// <summary>The defaults.</summary>
    public static PlanRunOptions Default { get; } = new();

    /// <summary>How many times an invalid plan goes back to the model with its errors. Default 2.</summary>
    public int MaxRepairs { get; init; } = 2;

    /// <summary>How many times a plan with failed steps goes back for a revised plan. Default 1.</summary>
    public int MaxRevisions { get; init; } = 1;

    /// <summary>
    /// Have the model compose the final answer from the results (one more model call). Default true;
    /// when false the run ends after execution and the results are read from <see cref="PlanRunResult.Execution"/>.
    /// </summary>
    public bool ComposeAnswer { get; init; } = true;

    /// <summary>Bounds on plans.</summary>
    public PlanLimits Limits { get; init; } = PlanLimits.Default;

    /// <summary>How plans run: parallelism, fail-fast, retries, time limits, approvals.</summary>
    public PlanExecutionOptions Execution { get; init; } = PlanExecutionOptions.Default;

    /// <summary>Send the plan schema as a structured-output response format. Default true.</summary>
    public bool UseResponseFormat { get; init; } = true;

    /// <summary>Token and money limits over the run's model calls.</summary>
    public UsageBudget? Budget { get; init; }

    /// <summary>Prices per model, for costs in the trace and money budgets.</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>Sampling temperature, if set.</summary>
    public float? Temperature { get; init; }

    /// <summary>Longest answer per model call, if set.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// Time limit for the whole run: model calls and plan execution. When it passes, the work in flight is
    /// cancelled and the run ends with <see cref="PlanRunStatus.TimedOut"/> (not an exception). Default none.
    /// </summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>
    /// The run's clock, for <see cref="RunTimeout"/> and the trace's times; plan execution uses it too
    /// unless <see cref="Execution"/> sets a clock of its own. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
