using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Serialization;

/// <summary>
/// Value readers called by generated argument readers. Each starts on the value's first token and
/// leaves the reader on its last token, whether it succeeds or not, so a reader can record an error
/// and go on to find the next one. None throws for bad input; only malformed JSON (which the
/// generated reader catches once, at the top) surfaces as <see cref="JsonException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class JsonRead
{
    /// <summary>The pattern of a time span, exactly as the generated schema states it.</summary>
    public const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    [System.Text.RegularExpressions.GeneratedRegex(TimeSpanPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TimeSpanFormat();

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

    /// <summary>Reads a string.</summary>
    public static bool TryReadString(ref JsonTokenReader reader, JsonReadContext context, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
            return true;
        }
        value = null!;
        return Mismatch(ref reader, context, "string");
    }

    /// <summary>Reads a boolean.</summary>
    public static bool TryReadBoolean(ref JsonTokenReader reader, JsonReadContext context, out bool value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            default:
                value = false;
                return Mismatch(ref reader, context, "boolean");
        }
    }

    /// <summary>Reads a one-character string as a <see cref="char"/>.</summary>
    public static bool TryReadChar(ref JsonTokenReader reader, JsonReadContext context, out char value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string of one character");
        }
        var text = reader.GetString()!;
        if (text.Length != 1)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"expected a string of exactly one character, got {text.Length}"));
        }
        value = text[0];
        return true;
    }

    /// <summary>Reads an integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryReadInt64(ref JsonTokenReader reader, JsonReadContext context, long min, long max, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Mismatch(ref reader, context, "integer");
        }
        if (reader.TryGetInt64(out value) && value >= min && value <= max)
        {
            return true;
        }
        return IntegerError(ref reader, context, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads an unsigned integer up to <see cref="ulong.MaxValue"/>.</summary>
    public static bool TryReadUInt64(ref JsonTokenReader reader, JsonReadContext context, out ulong value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Mismatch(ref reader, context, "integer");
        }
        if (reader.TryGetUInt64(out value))
        {
            return true;
        }
        return IntegerError(ref reader, context, "0", ulong.MaxValue.ToString(CultureInfo.InvariantCulture));
    }

    private static bool IntegerError(ref JsonTokenReader reader, JsonReadContext context, string min, string max)
    {
        var description = Describe(ref reader);
        var isIntegral = reader.TryGetDecimal(out var d) ? decimal.Truncate(d) == d : !description.Contains('.') && !description.Contains('e') && !description.Contains('E');
        return Invalid(context, isIntegral
            ? $"expected integer from {min} to {max}, got {description}"
            : $"expected integer, got {description}");
    }

    /// <summary>Reads an <see cref="sbyte"/>.</summary>
    public static bool TryReadSByte(ref JsonTokenReader reader, JsonReadContext context, out sbyte value)
    {
        var ok = TryReadInt64(ref reader, context, sbyte.MinValue, sbyte.MaxValue, out var v);
        value = ok ? (sbyte)v : default;
        return ok;
    }

    /// <summary>Reads a <see cref="byte"/>.</summary>
    public static bool TryReadByte(ref JsonTokenReader reader, JsonReadContext context, out byte value)
    {
        var ok = TryReadInt64(ref reader, context, byte.MinValue, byte.MaxValue, out var v);
        value = ok ? (byte)v : default;
        return ok;
    }

    /// <summary>Reads a <see cref="short"/>.</summary>
    public static bool TryReadInt16(ref JsonTokenReader reader, JsonReadContext context, out short value)
    {
        var ok = TryReadInt64(ref reader, context, short.MinValue, short.MaxValue, out var v);
        value = ok ? (short)v : default;
        return ok;
    }

    /// <summary>Reads a <see cref="ushort"/>.</summary>
    public static bool TryReadUInt16(ref JsonTokenReader reader, JsonReadContext context, out ushort value)
    {
        var ok = TryReadInt64(ref reader, context, ushort.MinValue, ushort.MaxValue, out var v);
        value = ok ? (ushort)v : default;
        return ok;
    }

    /// <summary>Reads an <see cref="int"/>.</summary>
    public static bool TryReadInt32(ref JsonTokenReader reader, JsonReadContext context, out int value)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value))
        {
            return true;
        }
        var ok = TryReadInt64(ref reader, context, int.MinValue, int.MaxValue, out var v);
        value = ok ? (int)v : default;
        return ok;
    }

    /// <summary>Reads a <see cref="uint"/>.</summary>
    public static bool TryReadUInt32(ref JsonTokenReader reader, JsonReadContext context, out uint value)
    {
        var ok = TryReadInt64(ref reader, context, uint.MinValue, uint.MaxValue, out var v);
        value = ok ? (uint)v : default;
        return ok;
    }

    /// <summary>Reads a <see cref="long"/>.</summary>
    public static bool TryReadInt64(ref JsonTokenReader reader, JsonReadContext context, out long value)
        => TryReadInt64(ref reader, context, long.MinValue, long.MaxValue, out value);

    /// <summary>Reads a <see cref="double"/> (finite).</summary>
    public static bool TryReadDouble(ref JsonTokenReader reader, JsonReadContext context, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Mismatch(ref reader, context, "number");
        }
        if (reader.TryGetDouble(out value) && double.IsFinite(value))
        {
            return true;
        }
        return Invalid(context, "expected a number within the range of a double, got " + Describe(ref reader));
    }

    /// <summary>Reads a <see cref="float"/> (finite).</summary>
    public static bool TryReadSingle(ref JsonTokenReader reader, JsonReadContext context, out float value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Mismatch(ref reader, context, "number");
        }
        if (reader.TryGetSingle(out value) && float.IsFinite(value))
        {
            return true;
        }
        return Invalid(context, "expected a number within the range of a float, got " + Describe(ref reader));
    }

    /// <summary>Reads a <see cref="decimal"/>.</summary>
    public static bool TryReadDecimal(ref JsonTokenReader reader, JsonReadContext context, out decimal value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return Mismatch(ref reader, context, "number");
        }
        if (reader.TryGetDecimal(out value))
        {
            return true;
        }
        return Invalid(context, "expected a number within the range of a decimal, got " + Describe(ref reader));
    }

    /// <summary>Reads a GUID string (format <c>uuid</c>).</summary>
    public static bool TryReadGuid(ref JsonTokenReader reader, JsonReadContext context, out Guid value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (uuid)");
        }
        if (reader.TryGetGuid(out value))
        {
            return true;
        }
        return Invalid(context, "expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got " + Describe(ref reader));
    }

    /// <summary>Reads an ISO 8601 date-time.</summary>
    public static bool TryReadDateTime(ref JsonTokenReader reader, JsonReadContext context, out DateTime value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (date-time)");
        }
        if (reader.TryGetDateTime(out value))
        {
            return true;
        }
        return Invalid(context, "expected an ISO 8601 date-time such as 2024-05-01T13:45:00Z, got " + Describe(ref reader));
    }

    /// <summary>Reads an ISO 8601 date-time with offset.</summary>
    public static bool TryReadDateTimeOffset(ref JsonTokenReader reader, JsonReadContext context, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (date-time)");
        }
        if (reader.TryGetDateTimeOffset(out value))
        {
            return true;
        }
        return Invalid(context, "expected an ISO 8601 date-time such as 2024-05-01T13:45:00+02:00, got " + Describe(ref reader));
    }

    /// <summary>Reads a date (<c>yyyy-MM-dd</c>).</summary>
    public static bool TryReadDateOnly(ref JsonTokenReader reader, JsonReadContext context, out DateOnly value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (date)");
        }
        if (DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }
        return Invalid(context, "expected a date such as 2024-05-01, got " + Describe(ref reader));
    }

    /// <summary>Reads a time of day (<c>HH:mm:ss[.fffffff]</c>).</summary>
    public static bool TryReadTimeOnly(ref JsonTokenReader reader, JsonReadContext context, out TimeOnly value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (time)");
        }
        if (TimeOnly.TryParseExact(reader.GetString(), ["HH:mm:ss", "HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }
        return Invalid(context, "expected a time such as 13:45:00, got " + Describe(ref reader));
    }

    /// <summary>Reads a time span (<c>[-][d.]hh:mm:ss[.fffffff]</c>).</summary>
    public static bool TryReadTimeSpan(ref JsonTokenReader reader, JsonReadContext context, out TimeSpan value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (time span)");
        }
        var text = reader.GetString()!;
        if (TimeSpanFormat().IsMatch(text) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        return Invalid(context, "expected a time span such as 1.02:03:04 or 00:30:00, got " + Describe(ref reader));
    }

    /// <summary>Reads an absolute URI (format <c>uri</c>).</summary>
    public static bool TryReadUri(ref JsonTokenReader reader, JsonReadContext context, out Uri value)
    {
        value = null!;
        if (reader.TokenType != JsonTokenType.String)
        {
            return Mismatch(ref reader, context, "string (uri)");
        }
        var text = reader.GetString()!;
        // On Unix a rooted path ("/a/b") parses as an absolute file URI; require the scheme to be written.
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            value = uri;
            return true;
        }
        return Invalid(context, "expected an absolute URI such as https://example.com/a, got " + Describe(ref reader));
    }

    /// <summary>Reads any JSON value as a <see cref="JsonElement"/>.</summary>
    public static bool TryReadJsonElement(ref JsonTokenReader reader, JsonReadContext context, out JsonElement value)
    {
        value = JsonElement.Parse(reader.SkipAndGetRawValue(), new JsonDocumentOptions { MaxDepth = reader.Options.MaxDepth });
        return true;
    }

    /// <summary>Reads any JSON value except null as a <see cref="JsonNode"/>.</summary>
    public static bool TryReadJsonNode(ref JsonTokenReader reader, JsonReadContext context, out JsonNode value)
    {
        // JSON null reaches here only for a non-nullable JsonNode: nullable ones are handled by the caller.
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null!;
            return Invalid(context, "expected a JSON value, got null");
        }
        value = JsonNode.Parse(reader.SkipAndGetRawValue(), documentOptions: new JsonDocumentOptions { MaxDepth = reader.Options.MaxDepth })!;
        return true;
    }

    /// <summary>Reads a value of a type the generator cannot describe, through System.Text.Json.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="context">The read context.</param>
    /// <param name="options">Serializer options whose resolver knows <typeparamref name="T"/>.</param>
    /// <param name="value">The value read.</param>
    public static bool TryReadWithSerializer<T>(ref JsonTokenReader reader, JsonReadContext context, JsonSerializerOptions options, out T value)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        // The value is taken out whole (which also checks it is well-formed) and handed to System.Text.Json.
        var inner = new Utf8JsonReader(reader.SkipAndGetRawValue(), reader.Options);
        try
        {
            value = JsonSerializer.Deserialize(ref inner, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))!;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            value = default!;
            return Invalid(context, "invalid value: " + FirstSentence(ex.Message));
        }
    }

    /// <summary>Checks a string's length.</summary>
    public static bool CheckLength(JsonReadContext context, string value, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < min)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must be at least {min} characters long, got {value.Length}"));
        }
        if (value.Length > max)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must be at most {max} characters long, got {value.Length}"));
        }
        return true;
    }

    /// <summary>Checks a collection's element count.</summary>
    public static bool CheckCount(JsonReadContext context, int count, int min, int max)
    {
        if (count < min)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must have at least {min} items, got {count}"));
        }
        if (count > max)
        {
            return Invalid(context, string.Create(CultureInfo.InvariantCulture, $"must have at most {max} items, got {count}"));
        }
        return true;
    }

    /// <summary>Checks a number against an inclusive or exclusive range.</summary>
    public static bool CheckRange(JsonReadContext context, double value, double min, double max, bool minExclusive, bool maxExclusive)
    {
        var low = minExclusive ? value > min : value >= min;
        var high = maxExclusive ? value < max : value <= max;
        if (low && high)
        {
            return true;
        }
        return Invalid(context, string.Create(CultureInfo.InvariantCulture,
            $"must be {(minExclusive ? "greater than" : "at least")} {min} and {(maxExclusive ? "less than" : "at most")} {max}, got {value}"));
    }

    /// <summary>Checks a string against a whole-string regular expression.</summary>
    public static bool CheckPattern(JsonReadContext context, string value, System.Text.RegularExpressions.Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            if (regex.IsMatch(value))
            {
                return true;
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return Invalid(context, "value took too long to check against the pattern " + regex);
        }
        return Invalid(context, "must match the pattern " + regex);
    }

    /// <summary>Checks an e-mail address as <c>[EmailAddress]</c> does: one '@', not first or last.</summary>
    public static bool CheckEmail(JsonReadContext context, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Contains('\r') && !value.Contains('\n'))
        {
            return true;
        }
        return Invalid(context, "must be an e-mail address such as name@example.com");
    }

    /// <summary>Checks an absolute http, https or ftp URL as <c>[Url]</c> does.</summary>
    public static bool CheckUrl(JsonReadContext context, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp")
        {
            return true;
        }
        return Invalid(context, "must be an absolute http, https or ftp URL");
    }

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
