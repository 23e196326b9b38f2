namespace Declarative.Orchestration;

/// <summary>What the hand-off and group-chat checks ask of a participant and how their messages name types.</summary>
internal static class ConversationChecks
{
    /// <summary>Whether a participant's answer is a <typeparamref name="TOutput"/> (any answer is, as text, when that is <see cref="string"/>).</summary>
    public static bool AnswersWith<TOutput>(Participant participant)
        => typeof(TOutput) == typeof(string) || (participant.OutputType is { } output && typeof(TOutput).IsAssignableFrom(output));

    /// <summary>A type's name for messages: <c>Notes</c>, <c>string</c>.</summary>
    public static string TypeName<T>() => typeof(T) == typeof(string) ? "string" : typeof(T).Name;
}
