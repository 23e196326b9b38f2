namespace Declarative.Orchestration;

// The build-time checks of the run-time builders: the same rules and messages as the generator's diagnostics.
internal static class CompositionChecks
{
    /// <summary>DCL0031 when there are too few participants; DCL0030 when two share a name. Returns a copy.</summary>
    public static Participant[] Participants(string composition, Participant[] participants, int minimum, string what)
    {
        for (var i = 0; i < participants.Length; i++)
        {
            if (participants[i] is null)
            {
                throw new ArgumentNullException(nameof(participants), $"participant {i} of {composition} is null");
            }
        }
        if (participants.Length < minimum)
        {
            throw new CompositionException("DCL0031",
                $"{composition} has {participants.Length} {(participants.Length == 1 ? "participant" : "participants")}; a {what} composition needs at least {minimum} participants");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            if (!names.Add(participant.Name))
            {
                throw new CompositionException("DCL0030", $"two agents of {composition} are named '{participant.Name}'");
            }
        }
        return [.. participants];
    }

    /// <summary>The composition's input type must be what the first participant takes: its input type, or text.</summary>
    public static void Input<TInput>(string composition, Participant first)
    {
        if (first.InputType is null ? typeof(TInput) == typeof(string) : typeof(TInput) == typeof(string) || first.InputType.IsAssignableFrom(typeof(TInput)))
        {
            return;
        }
        throw new CompositionException("DCL0031",
            $"{composition} takes {Describe(typeof(TInput))}, but its first participant '{first.Name}' takes {Describe(first.InputType)}");
    }

    /// <summary>The composition's result type must be what the last participant answers: its output type, or text.</summary>
    public static void Result<TOutput>(string composition, Participant last)
    {
        if (AnswersWith<TOutput>(last))
        {
            return;
        }
        throw new CompositionException("DCL0031",
            $"{composition} produces {Describe(typeof(TOutput))}, but its last participant '{last.Name}' answers with {Describe(last.OutputType)}");
    }

    /// <summary>DCL0025 when a stage cannot take what the previous one hands on.</summary>
    public static void Stage(Participant previous, Participant next)
    {
        if (SchemaComparison.Misfit(previous.OutputSchema, previous.OutputTypeName, next.InputSchema, next.InputTypeName) is { } misfit)
        {
            throw new CompositionException("DCL0025", $"stage '{next.Name}' cannot take what stage '{previous.Name}' hands on: {misfit}");
        }
    }

    /// <summary>
    /// DCL0026 when a branch cannot take the composition's input: compared with the schema of a branch that takes
    /// exactly <typeparamref name="TInput"/> (or as text when it is <see cref="string"/>); a typed branch must also
    /// take the value itself (its input type assignable from <typeparamref name="TInput"/>), since the value is handed to it as is.
    /// </summary>
    public static void Branches<TInput>(Participant[] branches)
    {
        var isText = typeof(TInput) == typeof(string);
        var reference = isText ? null : Array.Find(branches, b => b.InputType == typeof(TInput));
        var inName = isText ? "string" : reference?.InputTypeName ?? typeof(TInput).Name;
        foreach (var branch in branches)
        {
            if (branch.InputType is null)
            {
                continue;
            }
            if (isText || reference is not null)
            {
                if (SchemaComparison.Misfit(reference?.InputSchema, inName, branch.InputSchema, branch.InputTypeName) is { } misfit)
                {
                    throw new CompositionException("DCL0026", $"branch '{branch.Name}' cannot take the composition's input: {misfit}");
                }
            }
            if (!isText && !branch.InputType.IsAssignableFrom(typeof(TInput)))
            {
                throw new CompositionException("DCL0026",
                    $"branch '{branch.Name}' cannot take the composition's input: it takes {branch.InputTypeName ?? branch.InputType.Name}, and the composition's input is {typeof(TInput).Name}");
            }
        }
    }

    /// <summary>Whether a participant's answer is a <typeparamref name="TOutput"/> (any answer is, as text, when that is <see cref="string"/>).</summary>
    public static bool AnswersWith<TOutput>(Participant participant)
        => typeof(TOutput) == typeof(string) || (participant.OutputType is { } output && typeof(TOutput).IsAssignableFrom(output));

    /// <summary>A type's name in the hand-off and group-chat messages: <c>Notes</c>, <c>string</c>.</summary>
    public static string TypeName<T>() => typeof(T) == typeof(string) ? "string" : typeof(T).Name;

    private static string Describe(Type? type) => type is null || type == typeof(string) ? "text" : type.Name;
}
