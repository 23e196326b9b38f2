namespace Declarative.Orchestration;

// Builds (checks) and runs a group chat.
internal static class GroupChatComposition
{
    /// <summary>Checks and builds a group chat (<see cref="Composition.GroupChat{TInput, TOutput}"/>).</summary>
    /// <exception cref="CompositionException">DCL0030 or DCL0031, with the generator's messages.</exception>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, GroupChatOptions options, Participant[] participants)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participants);
        var checkedParticipants = CompositionChecks.Participants(name, participants, 2, "group chat");
        GroupChatChecks.Check<TInput, TOutput>(name, options, checkedParticipants);
        var opener = typeof(TInput) == typeof(string) ? null : GroupChatChecks.Opener<TInput>(checkedParticipants);
        var run = new GroupChatRun(name, options, checkedParticipants, opener, textResult: typeof(TOutput) == typeof(string));
        return new Composition<TInput, TOutput>(name, description, CompositionKind.GroupChat, checkedParticipants, run.ExecuteAsync);
    }
}
