using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Serialization;

// Strings with a format (GUIDs, dates, times, time spans, URIs), any-JSON values, and values left to
// System.Text.Json (see JsonRead.cs).
public static partial class JsonRead
{
    /// <summary>The pattern of a time span, exactly as the generated schema states it.</summary>
    public const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    [System.Text.RegularExpressions.GeneratedRegex(TimeSpanPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TimeSpanFormat();

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
}
