using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>The outcome of an agent run: how it ended, the answer, the conversation and the trace.</summary>
public class AgentRunResult
{
    /// <summary>Creates a result.</summary>
    public AgentRunResult(AgentRunStatus status, string? reason, string? text, IReadOnlyList<ChatMessage> messages, RunTrace trace)
    {
        Status = status;
        Reason = reason;
        Text = text;
        Messages = messages;
        Trace = trace;
    }

    /// <summary>How the run ended.</summary>
    public AgentRunStatus Status { get; }

    /// <summary>Why it ended, when not <see cref="AgentRunStatus.Completed"/>.</summary>
    public string? Reason { get; }

    /// <summary>Whether the run completed.</summary>
    public bool IsCompleted => Status == AgentRunStatus.Completed;

    /// <summary>The model's final text (null when the run ended before an answer).</summary>
    public string? Text { get; }

    /// <summary>The whole conversation, instructions first, including tool calls and results.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Every step, with usage and cost.</summary>
    public RunTrace Trace { get; }

    /// <summary>Token usage over the run.</summary>
    public UsageTotals Usage => Trace.Usage;

    /// <summary>What the run cost, when its models have prices.</summary>
    public decimal? Cost => Trace.Cost;
}

/// <summary>The outcome of a run of a typed agent.</summary>
/// <typeparam name="TOutput">The answer's type.</typeparam>
public sealed class AgentRunResult<TOutput> : AgentRunResult
{
    /// <summary>Creates a result.</summary>
    public AgentRunResult(AgentRunStatus status, string? reason, string? text, IReadOnlyList<ChatMessage> messages, RunTrace trace, TOutput? output)
        : base(status, reason, text, messages, trace) => Output = output;

    /// <summary>The typed answer, when the run completed.</summary>
    public TOutput? Output { get; }
}
