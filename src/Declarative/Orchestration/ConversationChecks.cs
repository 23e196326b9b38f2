namespace Declarative.Orchestration;

/// <summary>
/// The build-time rules that the hand-off and group-chat builders share with the generator, reported as
/// <see cref="CompositionException"/>s with the diagnostics' ids and messages.
/// </summary>
internal static class ConversationChecks
{
    /// <summary>Whether a participant's answer is a <typeparamref name="TOutput"/> (any answer is, as text, when that is <see cref="string"/>).</summary>
    public static bool AnswersWith<TOutput>(Participant participant)
        => typeof(TOutput) == typeof(string) || (participant.OutputType is { } output && typeof(TOutput).IsAssignableFrom(output));

    /// <summary>A type's name for messages: <c>Notes</c>, <c>string</c>.</summary>
    public static string TypeName<T>() => typeof(T) == typeof(string) ? "string" : typeof(T).Name;

    /// <summary>snake_case of a name, by the generator's tool-name rule: <c>OrdersAgent</c> → <c>orders_agent</c>, <c>HTTPFetcher</c> → <c>http_fetcher</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^5];
        }
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '\0';
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                if (i > 0 && previous != '_' && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
