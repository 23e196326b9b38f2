using Microsoft.Extensions.AI;

namespace Declarative.Streaming;

/// <summary>
/// The run ended: always the last update of a stream that was not cancelled. It holds what
/// <see cref="AgentRunner.RunAsync(IAgent, string, CancellationToken)"/> would have returned.
/// </summary>
/// <remarks>Limits, a failed model call and errors end the stream with this and a <see cref="Status"/>; only cancellation throws.</remarks>
public sealed record RunCompleted : AgentRunUpdate
{
    internal RunCompleted(AgentRunStatus status, string? reason, string? text, IReadOnlyList<ChatMessage> messages, RunTrace trace)
        : base(0, -1)
    {
        Status = status;
        Reason = reason;
        Text = text;
        Messages = messages;
        Trace = trace;
    }

    /// <summary>How the run ended.</summary>
    public AgentRunStatus Status { get; }

    /// <summary>Why it ended, when not completed.</summary>
    public string? Reason { get; }

    /// <summary>The final answer's text, when there is one.</summary>
    public string? Text { get; }

    /// <summary>The whole conversation, including the agent's instructions and every tool call and result.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The run's trace: the same steps a non-streaming run of the same script records.</summary>
    public RunTrace Trace { get; }

    /// <summary>
    /// For a typed agent's run (<see cref="AgentRunner.RunStreamingAsync{TOutput}(IAgent{TOutput}, string, CancellationToken)"/>),
    /// the answer its reader accepted, when the run completed; otherwise null.
    /// </summary>
    public object? Output { get; internal init; }

    /// <summary>The same end as a <see cref="AgentRunResult"/>.</summary>
    public AgentRunResult ToResult() => new(Status, Reason, Text, Messages, Trace);
}
