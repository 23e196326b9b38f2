using System.Text;

namespace Declarative.Orchestration;

/// <summary>
/// What a participant is given before it is rendered for the model: a value (the composition's input), JSON
/// (a manager's tool call, a hand-off's payload), text (a message), or another agent's answer (its value and
/// its JSON text). <see cref="Participant.TryRender"/> turns it into the user message, reading JSON with the
/// participant's generated input reader (path-addressed errors).
/// </summary>
internal readonly struct ParticipantInput
{
    private ParticipantInput(object? value, bool hasValue, ReadOnlyMemory<byte>? json, string? text)
    {
        Value = value;
        HasValue = hasValue;
        Json = json;
        Text = text;
    }

    /// <summary>The value, when <see cref="HasValue"/>.</summary>
    public object? Value { get; }

    /// <summary>Whether a value was given (a value may be null).</summary>
    public bool HasValue { get; }

    /// <summary>The input as UTF-8 JSON, when known.</summary>
    public ReadOnlyMemory<byte>? Json { get; }

    /// <summary>The input as text (a message, or JSON text), when given so.</summary>
    public string? Text { get; }

    /// <summary>A value: a <see cref="string"/> is a text message, anything else a typed input.</summary>
    public static ParticipantInput FromValue(object? value)
        => value is string text ? FromText(text) : new(value, true, null, null);

    /// <summary>UTF-8 JSON (a tool call's arguments, a payload).</summary>
    public static ParticipantInput FromJson(ReadOnlyMemory<byte> utf8Json) => new(null, false, utf8Json, null);

    /// <summary>A text message (for a typed participant, JSON text read with its input reader).</summary>
    public static ParticipantInput FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(null, false, null, text);
    }

    /// <summary>What a completed participant hands on: its typed answer (value and JSON), or its text.</summary>
    public static ParticipantInput FromAnswer(ChildOutcome answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.OutputJson is { } json
            ? new(answer.Output, true, Encoding.UTF8.GetBytes(json), json)
            : FromText(answer.Text ?? "");
    }

    /// <summary>The input as UTF-8 JSON: its JSON, or its text's bytes; null for a bare value.</summary>
    public ReadOnlyMemory<byte>? Utf8()
        => Json ?? (Text is { } text ? Encoding.UTF8.GetBytes(text) : null);

    /// <summary>The input as message text: its text, or its JSON's; null for a bare value.</summary>
    public string? AsText()
        => Text ?? (Json is { } json ? Encoding.UTF8.GetString(json.Span) : null);
}
