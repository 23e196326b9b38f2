namespace Declarative;

/// <summary>
/// Declares a group chat on a <c>partial</c> class: its <see cref="UseAgentAttribute"/> members share one
/// transcript; after each turn the next speaker is chosen by <see cref="Selection"/>; the chat ends at
/// <see cref="MaxRounds"/>, when a message holds <see cref="TerminationPhrase"/>, when the class's
/// <see cref="CriticAttribute"/> member judges the transcript done, when a <see cref="UseAgentAttribute.Finishes"/>
/// participant gives a valid typed answer, or when a <see cref="SpeakerSelectorAttribute"/> method returns no one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GroupChatAttribute : Attribute
{
    /// <summary>The composition's name (in traces and spans); the class name when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>What the composition does.</summary>
    public string? Description { get; init; }

    /// <summary>How the next speaker is chosen. Default: <see cref="Orchestration.SpeakerSelection.RoundRobin"/>.</summary>
    public Orchestration.SpeakerSelection Selection { get; init; }

    /// <summary>The most turns (one participant speaking once is a turn). Default 10.</summary>
    public int MaxRounds { get; init; } = 10;

    /// <summary>A phrase that ends the chat when a participant's message contains it (ordinal, case-insensitive).</summary>
    public string? TerminationPhrase { get; init; }

    /// <summary>For <see cref="Orchestration.SpeakerSelection.Model"/>: the model id or tier that picks the next speaker; the runner's default when omitted.</summary>
    public string? SelectorModel { get; init; }

    /// <summary>The result's type: a <see cref="UseAgentAttribute.Finishes"/> participant's answer. Text (the last message) when omitted.</summary>
    public Type? OutputType { get; init; }
}
