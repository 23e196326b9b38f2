namespace Declarative.Orchestration;

/// <summary>The result of running a composition (<see cref="AgentRunner.RunAsync{TInput, TOutput}(IComposition{TInput, TOutput}, TInput, AgentRunOptions?, CancellationToken)"/>).</summary>
/// <typeparam name="TOutput">The composition's result type.</typeparam>
public sealed class CompositionRunResult<TOutput>
{
    internal CompositionRunResult(CompositionRunStatus status, string? reason, string? failedAgent, AgentRunStatus? failedAgentStatus,
                                  TOutput? output, string? text, RunTrace trace)
    {
        Status = status;
        Reason = reason;
        FailedAgent = failedAgent;
        FailedAgentStatus = failedAgentStatus;
        Output = output;
        Text = text;
        Trace = trace;
    }

    /// <summary>How it ended.</summary>
    public CompositionRunStatus Status { get; }

    /// <summary>Why it did not complete, in words (naming the agent); null when it completed.</summary>
    public string? Reason { get; }

    /// <summary>The agent whose failure ended it (the first, in the participants' order, for a parallel step), or null.</summary>
    public string? FailedAgent { get; }

    /// <summary>How <see cref="FailedAgent"/>'s own run ended, or null.</summary>
    public AgentRunStatus? FailedAgentStatus { get; }

    /// <summary>The result when it completed; default otherwise.</summary>
    public TOutput? Output { get; }

    /// <summary>The result as text: the last answer's text (the typed result's JSON when the last agent answered with one), or null.</summary>
    public string? Text { get; }

    /// <summary>
    /// The trace tree: one <see cref="AgentInvocationStep"/> per agent invocation with that agent's steps, totals over
    /// all agents (<see cref="RunTrace.Usage"/>, <see cref="RunTrace.Cost"/>) and per agent (<see cref="RunTrace.AgentTotals"/>).
    /// </summary>
    public RunTrace Trace { get; }

    /// <summary>For a group chat: why it ended (the round limit, the phrase, the judge, a finishing answer, the selector); null for the other kinds.</summary>
    public GroupChatEnding? Ending { get; internal init; }

    /// <summary>Whether it completed.</summary>
    public bool Succeeded => Status == CompositionRunStatus.Completed;

    /// <inheritdoc/>
    public override string ToString() => Status + (Reason is null ? "" : ": " + Reason);
}
