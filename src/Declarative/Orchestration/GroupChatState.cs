using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>What a speaker selector sees: the transcript so far and who has spoken.</summary>
public sealed class GroupChatState
{
    /// <summary>Creates the state.</summary>
    /// <param name="transcript">The shared transcript (each message's <see cref="ChatMessage.AuthorName"/> is its speaker).</param>
    /// <param name="participants">The participants' names, in declaration order.</param>
    /// <param name="turn">How many turns have been taken.</param>
    /// <param name="lastSpeaker">Who spoke last, or null before the first turn.</param>
    public GroupChatState(IReadOnlyList<ChatMessage> transcript, IReadOnlyList<string> participants, int turn, string? lastSpeaker)
    {
        Transcript = transcript;
        Participants = participants;
        Turn = turn;
        LastSpeaker = lastSpeaker;
    }

    /// <summary>The shared transcript; each message's <see cref="ChatMessage.AuthorName"/> is its speaker.</summary>
    public IReadOnlyList<ChatMessage> Transcript { get; }

    /// <summary>The participants' names, in declaration order.</summary>
    public IReadOnlyList<string> Participants { get; }

    /// <summary>How many turns have been taken.</summary>
    public int Turn { get; }

    /// <summary>Who spoke last, or null before the first turn.</summary>
    public string? LastSpeaker { get; }

    /// <summary>The last message's text, or null before the first turn.</summary>
    public string? LastText => Transcript.Count == 0 ? null : Transcript[^1].Text;
}
