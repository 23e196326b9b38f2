namespace Declarative.Orchestration;

/// <summary>
/// The build-time rules that the hand-off and group-chat builders share with the generator, reported as
/// <see cref="CompositionException"/>s with the diagnostics' ids and messages.
/// </summary>
internal static class ConversationChecks
{
    /// <summary>
    /// Checks that there are at least two participants (DCL0031), none null, with distinct names (DCL0030),
    /// and returns their indexes by name.
    /// </summary>
    public static Dictionary<string, int> IndexByName(string composition, string kind, IReadOnlyList<Participant> participants)
    {
        ArgumentNullException.ThrowIfNull(participants);
        if (participants.Count < 2)
        {
            throw new CompositionException("DCL0031",
                $"the {kind} composition {composition} needs at least two participants, but has {participants.Count}");
        }
        var byName = new Dictionary<string, int>(participants.Count, StringComparer.Ordinal);
        for (var i = 0; i < participants.Count; i++)
        {
            var participant = participants[i] ?? throw new ArgumentException($"participant {i} of {composition} is null", nameof(participants));
            if (!byName.TryAdd(participant.Name, i))
            {
                throw new CompositionException("DCL0030", $"two agents of {composition} are named '{participant.Name}'");
            }
        }
        return byName;
    }

    /// <summary>Whether a participant's answer is a <typeparamref name="TOutput"/> (any answer is, as text, when that is <see cref="string"/>).</summary>
    public static bool AnswersWith<TOutput>(Participant participant)
        => typeof(TOutput) == typeof(string) || participant.Agent is IAgent<TOutput>;

    /// <summary>A type's name for messages: <c>Notes</c>, <c>string</c>.</summary>
    public static string TypeName<T>() => typeof(T) == typeof(string) ? "string" : typeof(T).Name;

    /// <summary>
    /// Checks that a composition can give its input to <paramref name="participant"/>: as text when
    /// <typeparamref name="TInput"/> is <see cref="string"/>, else the participant must take a <typeparamref name="TInput"/> (DCL0031).
    /// </summary>
    public static void TakesInput<TInput>(string composition, Participant participant)
    {
        if (typeof(TInput) != typeof(string) && participant.Agent is not IAgentWithInput<TInput>)
        {
            throw new CompositionException("DCL0031",
                $"'{participant.Name}' opens {composition} but does not take its input {TypeName<TInput>()}");
        }
    }

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
