namespace Declarative.Planning;

/// <summary>How a plan runs: parallelism, failure handling, retries, time limits and approvals.</summary>
public sealed record PlanExecutionOptions
{
    /// <summary>The defaults.</summary>
    public static PlanExecutionOptions Default { get; } = new();

    /// <summary>Most steps running at once. Default 8.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 8;

    /// <summary>
    /// Run steps whose tools have side effects (not <see cref="ToolAttribute.ReadOnly"/>) one at a time,
    /// in plan order among those ready, as the agent loop does. Read-only steps still run beside them. Default true.
    /// </summary>
    public bool SerializeSideEffects { get; init; } = true;

    /// <summary>
    /// On the first failed step, cancel the steps still running and start no more. Default false:
    /// only the failed step's dependents are skipped, and independent branches finish.
    /// </summary>
    public bool FailFast { get; init; }

    /// <summary>Retries for read-only tools that threw or timed out. Default <see cref="PlanRetryPolicy.None"/>.</summary>
    public PlanRetryPolicy Retry { get; init; } = PlanRetryPolicy.None;

    /// <summary>Time limit per call; the tool's token is cancelled. Default none.</summary>
    public TimeSpan? StepTimeout { get; init; }

    /// <summary>When approval-required tools are approved. Default <see cref="PlanApprovalMode.PerCall"/>.</summary>
    public PlanApprovalMode ApprovalMode { get; init; } = PlanApprovalMode.PerCall;

    /// <summary>Decides on each call under <see cref="PlanApprovalMode.PerCall"/>. Without one, such calls are denied.</summary>
    public IToolApprovalHandler? ApprovalHandler { get; init; }

    /// <summary>Reviews the plan under <see cref="PlanApprovalMode.WholePlan"/>. Without one, plans needing approval are denied.</summary>
    public IPlanApprovalHandler? PlanApprovalHandler { get; init; }

    /// <summary>Argument limits and exception detail for each call.</summary>
    public ToolInvocationOptions ToolInvocation { get; init; } = ToolInvocationOptions.Default;

    /// <summary>Record arguments and results on OpenTelemetry activities. Off by default (they may hold personal data).</summary>
    public bool RecordContent { get; init; }

    /// <summary>
    /// The clock for step time limits, retry delays and the trace's times. Default <see cref="TimeProvider.System"/>;
    /// tests pass a fake one to drive time-outs without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
