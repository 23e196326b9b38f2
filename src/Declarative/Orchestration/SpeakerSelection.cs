namespace Declarative.Orchestration;

/// <summary>How a group chat picks its next speaker.</summary>
public enum SpeakerSelection
{
    /// <summary>Each participant in declaration order, then again from the first.</summary>
    RoundRobin,

    /// <summary>A model chooses from the participants' names and descriptions; its choice is validated (an unknown name is asked again, bounded).</summary>
    Model,

    /// <summary>A method of the composition (<see cref="SpeakerSelectorAttribute"/>, or <see cref="GroupChatOptions.Selector"/>) chooses.</summary>
    Code,
}
