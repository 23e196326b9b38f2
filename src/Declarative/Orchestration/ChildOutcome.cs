using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>How one participant's nested run ended (<see cref="AgentRunner.RunChildAsync"/>).</summary>
internal sealed class ChildOutcome
{
    /// <summary>The participant that ran.</summary>
    public required Participant Participant { get; init; }

    /// <summary>How its run ended.</summary>
    public required AgentRunStatus Status { get; init; }

    /// <summary>Why, when it did not complete.</summary>
    public string? Reason { get; init; }

    /// <summary>Its answer's text (for a typed answer, the model's text, code fences and all).</summary>
    public string? Text { get; init; }

    /// <summary>Its typed answer when it completed (null for a text answer).</summary>
    public object? Output { get; init; }

    /// <summary>Its typed answer as JSON text (code fences stripped) when it completed; null for a text answer.</summary>
    public string? OutputJson { get; init; }

    /// <summary>Its conversation, the instructions included.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    /// <summary>Its own trace (steps indexed from 0 within it).</summary>
    public required RunTrace Trace { get; init; }

    /// <summary>The trace node recorded for it (already filled into the parent's trace when the caller asked for that).</summary>
    public required AgentInvocationStep Step { get; init; }

    /// <summary>Whether it completed.</summary>
    public bool Completed => Status == AgentRunStatus.Completed;

    /// <summary>What it hands on as text: the typed answer's JSON, or its text.</summary>
    public string? HandedOn => OutputJson ?? Text;

    /// <summary>"'name' ended with Status: reason", for a failure's reason.</summary>
    public string Describe() => $"'{Participant.Name}' ended with {Status}" + (Reason is null ? "" : ": " + Reason);
}
