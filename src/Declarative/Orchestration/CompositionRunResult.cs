using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>How a composition's run ended: its status, which agent failed, the typed result, and the trace tree of every agent's run.</summary>
/// <typeparam name="TOutput">The composition's result type (<see cref="string"/> for text).</typeparam>
public sealed class CompositionRunResult<TOutput>
{
    internal CompositionRunResult(AgentRunStatus status, string? reason, string? failedAgent, TOutput? output, string? text,
                                  IReadOnlyList<ChatMessage> messages, RunTrace trace)
    {
        Status = status;
        Reason = reason;
        FailedAgent = failedAgent;
        Output = output;
        Text = text;
        Messages = messages;
        Trace = trace;
    }

    /// <summary>How the run ended: <see cref="AgentRunStatus.Completed"/>, or the status of the agent that stopped it.</summary>
    public AgentRunStatus Status { get; }

    /// <summary>Why it ended that way, naming the agent, when not completed.</summary>
    public string? Reason { get; }

    /// <summary>The agent (or agents, comma-separated, for parallel branches) whose failure stopped the run; null when completed.</summary>
    public string? FailedAgent { get; }

    /// <summary>Whether the run completed.</summary>
    public bool IsCompleted => Status == AgentRunStatus.Completed;

    /// <summary>The result, when completed.</summary>
    public TOutput? Output { get; }

    /// <summary>The last answer's text (the result's JSON for a typed result).</summary>
    public string? Text { get; }

    /// <summary>The conversation (a hand-off's, a group chat's transcript); the last agent's for a pipeline.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The trace: one <see cref="AgentInvocationStep"/> per agent run, each holding that run's steps.</summary>
    public RunTrace Trace { get; }

    /// <summary>Tokens spent by every agent.</summary>
    public UsageTotals Usage => Trace.Usage;

    /// <summary>What every agent's calls cost; null when a model has no price.</summary>
    public decimal? Cost => Trace.Cost;
}

// What a composition's body works with: the runner, the options, the composition's trace and what its runs share.
internal sealed class CompositionContext(AgentRunner runner, AgentRunOptions options, RunTraceBuilder trace, RunTree tree)
{
    public AgentRunner Runner { get; } = runner;

    public AgentRunOptions Options { get; } = options;

    public RunTraceBuilder Trace { get; } = trace;

    public RunTree Tree { get; } = tree;

    public Task<ChildOutcome> RunAsync(Participant participant, IEnumerable<ChatMessage> messages, int iteration, CancellationToken cancellationToken)
        => ChildRun.RunAsync(Runner, participant, messages, Trace, Options, Tree, iteration, cancellationToken);
}

// How a composition's body ended, before the trace is built.
internal readonly record struct CompositionEnd<TOutput>(AgentRunStatus Status, string? Reason, string? FailedAgent, TOutput? Output, string? Text,
                                                         IReadOnlyList<ChatMessage> Messages);

internal delegate Task<CompositionEnd<TOutput>> CompositionBody<TInput, TOutput>(CompositionContext context, TInput input, CancellationToken cancellationToken);
