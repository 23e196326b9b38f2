using Declarative.Orchestration;

namespace Declarative.Streaming;

/// <summary>One agent of a composition ended its invocation: its trace node, with its steps, status and totals (<see cref="AgentRunUpdate.AgentName"/> names it).</summary>
public sealed record AgentInvocationFinished : AgentRunUpdate
{
    internal AgentInvocationFinished(AgentInvocationStep step)
        : base(step.Iteration, step.Index)
    {
        Step = step;
        AgentName = step.AgentName;
    }

    /// <summary>The invocation, as the final trace holds it.</summary>
    public AgentInvocationStep Step { get; }
}

/// <summary>
/// A composition's run ended (<see cref="AgentRunner.RunStreamingAsync{TInput, TOutput}(IComposition{TInput, TOutput}, TInput, AgentRunOptions?, CancellationToken)"/>):
/// always the last update of a stream that was not cancelled, with what <see cref="AgentRunner.RunAsync{TInput, TOutput}(IComposition{TInput, TOutput}, TInput, AgentRunOptions?, CancellationToken)"/> would have returned.
/// </summary>
public sealed record CompositionCompleted : AgentRunUpdate
{
    internal CompositionCompleted(CompositionRunStatus status, string? reason, string? failedAgent, object? output, string? text, RunTrace trace)
        : base(0, -1)
    {
        Status = status;
        Reason = reason;
        FailedAgent = failedAgent;
        Output = output;
        Text = text;
        Trace = trace;
    }

    /// <summary>How it ended.</summary>
    public CompositionRunStatus Status { get; }

    /// <summary>Why, when it did not complete.</summary>
    public string? Reason { get; }

    /// <summary>The agent whose failure ended it, or null.</summary>
    public string? FailedAgent { get; }

    /// <summary>The result when it completed (a <see cref="string"/> for a text result); otherwise null.</summary>
    public object? Output { get; }

    /// <summary>The result as text, when there is one.</summary>
    public string? Text { get; }

    /// <summary>The trace tree, as a non-streaming run records it.</summary>
    public RunTrace Trace { get; }
}
