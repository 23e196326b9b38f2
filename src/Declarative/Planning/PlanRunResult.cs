using Microsoft.Extensions.AI;

namespace Declarative.Planning;

/// <summary>The outcome of a plan-and-execute run.</summary>
public sealed class PlanRunResult
{
    internal PlanRunResult(PlanRunStatus status, string? reason, string? text, Plan? plan, IReadOnlyList<PlanExecutionResult> executions,
                           IReadOnlyList<ChatMessage> messages, RunTrace trace)
    {
        Status = status;
        Reason = reason;
        Text = text;
        Plan = plan;
        Executions = executions;
        Messages = messages;
        Trace = trace;
    }

    /// <summary>How the run ended.</summary>
    public PlanRunStatus Status { get; }

    /// <summary>Why, when it did not complete.</summary>
    public string? Reason { get; }

    /// <summary>Whether it completed.</summary>
    public bool IsCompleted => Status == PlanRunStatus.Completed;

    /// <summary>The model's composed answer (null when <see cref="PlanRunOptions.ComposeAnswer"/> is off or the run ended early).</summary>
    public string? Text { get; }

    /// <summary>The last valid plan, if any.</summary>
    public Plan? Plan { get; }

    /// <summary>The last execution, if any: every step's status and result.</summary>
    public PlanExecutionResult? Execution => Executions.Count == 0 ? null : Executions[^1];

    /// <summary>Every execution, first plan first (more than one after revisions).</summary>
    public IReadOnlyList<PlanExecutionResult> Executions { get; }

    /// <summary>The conversation with the model.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Every model call, plan validation and plan step, with usage and cost.</summary>
    public RunTrace Trace { get; }

    /// <summary>Token usage over the run.</summary>
    public UsageTotals Usage => Trace.Usage;

    /// <summary>What the run cost, when its models have prices.</summary>
    public decimal? Cost => Trace.Cost;
}
