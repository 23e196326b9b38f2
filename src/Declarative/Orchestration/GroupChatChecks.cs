namespace Declarative.Orchestration;

/// <summary>
/// The build-time rules of a group chat (DCL0030, DCL0031), applied by <see cref="Composition.GroupChat{TInput, TOutput}"/>
/// with the generator's ids and messages.
/// </summary>
internal static class GroupChatChecks
{
    /// <summary>Checks a group chat's participants and options.</summary>
    /// <exception cref="CompositionException">A rule is broken.</exception>
    public static void Check<TInput, TOutput>(string composition, GroupChatOptions options, IReadOnlyList<Participant> participants)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRounds < 1)
        {
            throw new CompositionException("DCL0031", $"the group chat {composition} must allow at least one round, but MaxRounds is {options.MaxRounds}");
        }
        if (options.Selection == SpeakerSelection.Code && options.Selector is null)
        {
            throw new CompositionException("DCL0031", $"the group chat {composition} chooses its speakers by code, but has no [SpeakerSelector] method");
        }
        if (options.Selection != SpeakerSelection.Code && options.Selector is not null)
        {
            throw new CompositionException("DCL0031",
                $"the group chat {composition} has a [SpeakerSelector] method, but its Selection is {options.Selection}, not Code");
        }
        if (!Enum.IsDefined(options.Selection))
        {
            throw new CompositionException("DCL0031", $"the group chat {composition} has an unknown Selection {(int)options.Selection}");
        }
        var anyFinishes = false;
        foreach (var participant in participants)
        {
            if (participant.Finishes)
            {
                anyFinishes = true;
                if (!CompositionChecks.AnswersWith<TOutput>(participant))
                {
                    throw new CompositionException("DCL0031",
                        $"'{participant.Name}' finishes the group chat {composition}, but it does not answer with {CompositionChecks.TypeName<TOutput>()}");
                }
            }
        }
        if (!anyFinishes && typeof(TOutput) != typeof(string))
        {
            throw new CompositionException("DCL0031",
                $"the group chat {composition} answers with {CompositionChecks.TypeName<TOutput>()}, but none of its participants finishes it with one");
        }
        if (typeof(TInput) != typeof(string) && Opener<TInput>(participants) is null)
        {
            throw new CompositionException("DCL0031",
                $"the group chat {composition} opens with {CompositionChecks.TypeName<TInput>()}, but none of its participants takes one");
        }
    }

    /// <summary>The first participant that takes a <typeparamref name="TInput"/> (and so renders the opening message), or null.</summary>
    public static Participant? Opener<TInput>(IReadOnlyList<Participant> participants)
    {
        foreach (var participant in participants)
        {
            if (participant.InputType is { } type && type.IsAssignableFrom(typeof(TInput)))
            {
                return participant;
            }
        }
        return null;
    }
}
