namespace Declarative;

/// <summary>
/// One agent's run inside a larger run: a specialist called by a manager, a stage of a pipeline, a branch of a
/// parallel step, a participant's turn. Its own steps hang under it, so the trace of a team is a tree.
/// </summary>
public sealed class AgentInvocationStep : TraceStep
{
    /// <summary>The agent's name in the composition (or the specialist's).</summary>
    public required string AgentName { get; init; }

    /// <summary>How it ended.</summary>
    public AgentRunStatus Status { get; init; }

    /// <summary>Why it ended that way, when not completed.</summary>
    public string? Reason { get; init; }

    /// <summary>Its own steps (model calls, tool calls, checks, and the runs it called in turn).</summary>
    public IReadOnlyList<TraceStep> Steps { get; init; } = [];

    /// <summary>Tokens it spent, its nested runs included.</summary>
    public UsageTotals Usage { get; init; } = UsageTotals.Zero;

    /// <summary>What it cost, its nested runs included; null when a model it used has no price.</summary>
    public decimal? Cost { get; init; }
}
