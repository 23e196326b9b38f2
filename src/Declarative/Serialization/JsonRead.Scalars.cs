using System.Globalization;
using System.Text.Json;

namespace Declarative.Serialization;

// Strings, booleans, characters and numbers (see JsonRead.cs).
public static partial class JsonRead
{
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
}
