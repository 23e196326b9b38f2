using System.Text.Json;

namespace Declarative.Serialization;

// Quick reads: the common, valid case of a scalar, tried before the full reader. Generated readers
// enter a property's or element's path (JsonReadContext.PushProperty/PushIndex) only to report an
// error, so a value that reads quickly is stored without touching the path; when a quick read
// declines, the generated code enters the path and calls the full reader (JsonRead.Scalars.cs),
// which reads the same token again and either succeeds the slow way or records the error exactly as
// before. Each quick read succeeds only where its full reader would succeed with the same value,
// records nothing and never throws.
public static partial class JsonRead
{
    /// <summary>A plain ASCII string (no escapes), as <see cref="TryReadString"/> would read it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The string, when this returns <see langword="true"/>.</param>
    public static bool QuickString(ref JsonTokenReader reader, out string value) => reader.TryGetPlainString(out value);

    /// <summary>A boolean, as <see cref="TryReadBoolean"/> would read it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when this returns <see langword="true"/>.</param>
    public static bool QuickBoolean(ref JsonTokenReader reader, out bool value)
    {
        var type = reader.TokenType;
        value = type == JsonTokenType.True;
        return type is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>An <see cref="int"/>, as <see cref="TryReadInt32"/> would read it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when this returns <see langword="true"/>.</param>
    public static bool QuickInt32(ref JsonTokenReader reader, out int value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out value);
        }
        value = 0;
        return false;
    }

    /// <summary>A <see cref="long"/>, as <see cref="TryReadInt64(ref JsonTokenReader, JsonReadContext, out long)"/> would read it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when this returns <see langword="true"/>.</param>
    public static bool QuickInt64(ref JsonTokenReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out value);
        }
        value = 0;
        return false;
    }

    /// <summary>
    /// A <see cref="decimal"/> written as plain digits with an optional fraction (the parser's fast
    /// path), as <see cref="TryReadDecimal"/> would read it.
    /// </summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="value">The value, when this returns <see langword="true"/>.</param>
    public static bool QuickDecimal(ref JsonTokenReader reader, out decimal value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return JsonNumbers.TryParseDecimal(reader.ValueSpan, out value);
        }
        value = 0;
        return false;
    }
}
