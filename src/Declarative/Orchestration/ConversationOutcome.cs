using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>One agent turn of a hand-off or group-chat run: who ran, and its run.</summary>
internal sealed record AgentTurn(string Participant, AgentRunResult Result);

/// <summary>A transfer between two participants of a hand-off run, and the payload it carried.</summary>
internal sealed record HandOffRecord(string From, string To, string Payload);

/// <summary>How a hand-off or group-chat run ended, before it is given the framework's public result type.</summary>
internal sealed record ConversationOutcome<TOutput>(AgentRunStatus Status, string? Reason, TOutput? Output, string? Text,
                                                   IReadOnlyList<ChatMessage> Messages, IReadOnlyList<AgentTurn> Turns,
                                                   IReadOnlyList<HandOffRecord> HandOffs, string Ending)
{
    public bool IsCompleted => Status == AgentRunStatus.Completed;
}
