using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace Declarative.Serialization;

// Split by concern: this file holds the document-level steps (size, malformed text, the end of the
// arguments), error words and object structure; JsonRead.Scalars.cs reads strings, booleans and
// numbers; JsonRead.Formats.cs reads GUIDs, dates, times, URIs, any-JSON values and values left to
// System.Text.Json; JsonRead.Constraints.cs checks DataAnnotations constraints.
/// <summary>
/// Value readers called by generated argument readers. Each starts on the value's first token and
/// leaves the reader on its last token, whether it succeeds or not, so a reader can record an error
/// and go on to find the next one. None throws for bad input; only malformed JSON (which the
/// generated reader catches once, at the top) surfaces as <see cref="JsonException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class JsonRead
{
    private const int MaxShownChars = 40;

    /// <summary>Empty or blank arguments mean an empty object (some models send "" for no arguments).</summary>
    /// <param name="json">The arguments as sent.</param>
    public static ReadOnlySpan<byte> ArgumentsOrEmptyObject(ReadOnlySpan<byte> json)
    {
        foreach (var b in json)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return json;
            }
        }
        return "{}"u8;
    }

    /// <summary>Checks the size limit before anything is parsed.</summary>
    /// <param name="json">The arguments.</param>
    /// <param name="context">The read context whose options hold the limit.</param>
    /// <returns><see langword="true"/> when within the limit.</returns>
    public static bool CheckSize(ReadOnlySpan<byte> json, JsonReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (json.Length <= context.Options.MaxArgumentBytes)
        {
            return true;
        }
        context.AddError(string.Create(CultureInfo.InvariantCulture,
            $"arguments are {json.Length} bytes, over the limit of {context.Options.MaxArgumentBytes} bytes"));
        return false;
    }

    /// <summary>Records malformed JSON (or JSON nested too deep) at the current path.</summary>
    /// <param name="context">The read context.</param>
    /// <param name="exception">What the reader threw.</param>
    public static void Malformed(JsonReadContext context, JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        // Only the reader's depth limit says "configured depth"; truncated input also mentions depth
        // ("Expected depth to be zero at the end of the JSON payload") but is merely malformed.
        if (message.Contains("configured depth", StringComparison.OrdinalIgnoreCase))
        {
            context.AddError(string.Create(CultureInfo.InvariantCulture,
                $"JSON is nested deeper than the limit of {context.Options.MaxDepth} levels"));
            return;
        }
        var position = exception.BytePositionInLine is { } p
            ? string.Create(CultureInfo.InvariantCulture, $" (line {(exception.LineNumber ?? 0) + 1}, byte {p + 1})")
            : "";
        context.AddError("malformed JSON" + position + ": " + FirstSentence(message));
    }

    /// <summary>Records text that is not valid UTF-8 or holds a lone surrogate escape.</summary>
    /// <param name="context">The read context.</param>
    /// <param name="exception">What the reader threw while decoding a string.</param>
    public static void InvalidText(JsonReadContext context, InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        context.AddError("invalid text: strings must be valid UTF-8 without lone surrogates (" + FirstSentence(exception.Message) + ")");
    }

    /// <summary>After the top-level object: nothing but white space may follow.</summary>
    /// <param name="reader">The reader, on the object's end.</param>
    /// <param name="context">The read context.</param>
    public static bool EndArguments(ref JsonTokenReader reader, JsonReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (reader.Read())
        {
            context.AddError("unexpected content after the arguments object");
            return false;
        }
        return true;
    }

    /// <summary>Describes the current token for an error message: <c>string "two"</c>, <c>number 5</c>, <c>null</c>...</summary>
    /// <param name="reader">The reader, on a value's first token.</param>
    public static string Describe(ref JsonTokenReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString() ?? "";
                if (text.Length > MaxShownChars)
                {
                    text = text[..MaxShownChars] + "...";
                }
                return "string " + JsonSerializer.Serialize(text, SerializationContext.Default.String);
            case JsonTokenType.Number:
                var raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                return "number " + (raw.Length > MaxShownChars ? raw[..MaxShownChars] + "..." : raw);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "null";
            case JsonTokenType.StartObject:
                return "object";
            case JsonTokenType.StartArray:
                return "array";
            default:
                return reader.TokenType.ToString();
        }
    }

    /// <summary>Records "expected X, got Y" and skips the offending value.</summary>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <param name="context">The read context.</param>
    /// <param name="expected">What the schema wants, such as <c>integer</c>.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public static bool Mismatch(ref JsonTokenReader reader, JsonReadContext context, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddError("expected " + expected + ", got " + Describe(ref reader));
        reader.Skip();
        return false;
    }

    /// <summary>Records an error on the current value without skipping (for scalar checks).</summary>
    /// <param name="context">The read context.</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public static bool Invalid(JsonReadContext context, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddError(message);
        return false;
    }

    /// <summary>Checks the reader is on an object's start; otherwise records a mismatch.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="context">The read context.</param>
    public static bool BeginObject(ref JsonTokenReader reader, JsonReadContext context)
        => reader.TokenType == JsonTokenType.StartObject || Mismatch(ref reader, context, "object");

    /// <summary>Checks the reader is on an array's start; otherwise records a mismatch.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="context">The read context.</param>
    public static bool BeginArray(ref JsonTokenReader reader, JsonReadContext context)
        => reader.TokenType == JsonTokenType.StartArray || Mismatch(ref reader, context, "array");

    /// <summary>
    /// Records an unknown property (with a "did you mean" hint) and skips its value.
    /// The reader is on the property name and is left on the value's last token.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="context">The read context.</param>
    /// <param name="known">The property names the object has.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public static bool UnknownProperty(ref JsonTokenReader reader, JsonReadContext context, string[] known)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = reader.GetString() ?? "";
        var hint = NameSuggester.Suggest(name, known);
        var message = hint is null
            ? "unknown property" + (known.Length == 0 ? "; this object takes no properties" : "; expected one of: " + string.Join(", ", known))
            : $"unknown property; did you mean '{hint}'?";
        context.AddErrorAt(name, message);
        reader.Read();
        reader.Skip();
        return false;
    }

    /// <summary>Records a property sent twice and skips the second value.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="context">The read context.</param>
    /// <param name="name">The property name.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public static bool DuplicateProperty(ref JsonTokenReader reader, JsonReadContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddErrorAt(name, "property appears more than once");
        reader.Read();
        reader.Skip();
        return false;
    }

    /// <summary>
    /// The current property name or string as unescaped UTF-8, for comparing with known names: the
    /// bytes as sent when they hold no escapes (no copy), otherwise their unescaped form. Compared with
    /// <c>SequenceEqual</c> against a <c>u8</c> literal this matches exactly what
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> matches, at a fraction of the cost.
    /// </summary>
    /// <param name="reader">The reader, on a property name or a string.</param>
    /// <exception cref="InvalidOperationException">The text is escaped and not valid UTF-16 (as <see cref="Utf8JsonReader.GetString"/>).</exception>
    public static ReadOnlySpan<byte> Utf8Text(ref JsonTokenReader reader)
        => reader.ValueIsEscaped
            ? System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? "")
            : reader.ValueSpan;

    /// <summary>Records an enum value that is not one of the names.</summary>
    public static bool InvalidEnum(ref JsonTokenReader reader, JsonReadContext context, string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "one of " + string.Join(", ", names.Select(static n => "\"" + n + "\"")));
        }
        var text = reader.GetString() ?? "";
        var hint = NameSuggester.Suggest(text, names);
        return Invalid(context, "expected one of " + string.Join(", ", names.Select(static n => "\"" + n + "\""))
            + ", got " + Describe(ref reader) + (hint is null ? "" : $"; did you mean \"{hint}\"?"));
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
