namespace Declarative;

/// <summary>
/// Marks the method of a <see cref="GroupChatAttribute"/> class with <see cref="Orchestration.SpeakerSelection.Code"/>
/// that picks the next speaker: it takes an <see cref="Orchestration.GroupChatState"/> and returns the participant's
/// name, or <see langword="null"/> to end the chat. A name that is not a participant ends the run with an error naming it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SpeakerSelectorAttribute : Attribute
{
}
