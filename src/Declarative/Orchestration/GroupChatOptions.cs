using Declarative.Reflection;

namespace Declarative.Orchestration;

/// <summary>How a group chat runs (<see cref="GroupChatAttribute"/> in code; this at run time).</summary>
public sealed record GroupChatOptions
{
    /// <summary>How the next speaker is chosen.</summary>
    public SpeakerSelection Selection { get; init; }

    /// <summary>The most turns. Default 10.</summary>
    public int MaxRounds { get; init; } = 10;

    /// <summary>A phrase that ends the chat when a message contains it (ordinal, case-insensitive).</summary>
    public string? TerminationPhrase { get; init; }

    /// <summary>For <see cref="SpeakerSelection.Model"/>: the model id or tier that picks; the runner's default when null.</summary>
    public string? SelectorModel { get; init; }

    /// <summary>For <see cref="SpeakerSelection.Code"/>: returns the next speaker's name, or null to end the chat.</summary>
    public Func<GroupChatState, string?>? Selector { get; init; }

    /// <summary>A judge that reads the transcript after each turn; the chat ends when every criterion passes.</summary>
    public IAgent<RubricVerdict>? Judge { get; init; }
}
