using System.Text.Json;

namespace Declarative.Serialization;

// The current token's value (see JsonTokenReader.cs).
public ref partial struct JsonTokenReader
{
    /// <summary>The current string or property name, unescaped.</summary>
    /// <exception cref="InvalidOperationException">
    /// Not on a string or property name, or the text is not valid UTF-8 or holds a lone surrogate
    /// escape (as <see cref="Utf8JsonReader.GetString"/>).
    /// </exception>
    public readonly string GetString()
    {
        if (_tokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            var text = ValueSpan;
            if (_plainAscii)
            {
                // ASCII is its own Latin-1: one widening copy, where UTF-8 decoding validates and then transcodes.
                return System.Text.Encoding.Latin1.GetString(text);
            }
            var reader = TokenAsReader();
            return reader.GetString()!;
        }
        if (_tokenType == JsonTokenType.Null)
        {
            return null!;
        }
        throw new InvalidOperationException($"Cannot get the value of a token type '{_tokenType}' as a string.");
    }

    /// <summary>
    /// The current string, when it is a string token of plain ASCII (no escapes): the common case,
    /// which cannot fail. Anything else (another token, escapes, non-ASCII text) returns
    /// <see langword="false"/> and leaves the value to <see cref="GetString"/>.
    /// </summary>
    /// <param name="value">The string, or <see langword="null"/> when this returns <see langword="false"/>.</param>
    public readonly bool TryGetPlainString(out string value)
    {
        if (_tokenType == JsonTokenType.String && _plainAscii)
        {
            value = System.Text.Encoding.Latin1.GetString(ValueSpan);
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>The current number as an <see cref="int"/>, if it is an integer in range.</summary>
    public readonly bool TryGetInt32(out int value)
    {
        if (TryGetInt64(out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The current number as a <see cref="long"/>, if it is an integer in range.</summary>
    public readonly bool TryGetInt64(out long value)
    {
        EnsureNumber();
        var span = ValueSpan;
        var negative = span[0] == (byte)'-';
        var first = negative ? 1 : 0;
        if (span.Length - first <= 18)
        {
            // At most 18 digits cannot overflow; this is the usual case, and worth its own loop (the
            // general JsonNumbers split, which also handles fractions, is measurably slower here).
            ulong digits = 0;
            for (var i = first; i < span.Length; i++)
            {
                var digit = (uint)(span[i] - '0');
                if (digit > 9)
                {
                    // A fraction or an exponent: not an integer, as Utf8JsonReader.TryGetInt64 says.
                    value = 0;
                    return false;
                }
                digits = (digits * 10) + digit;
            }
            value = negative ? -(long)digits : (long)digits;
            return true;
        }
        var reader = TokenAsReader();
        return reader.TryGetInt64(out value);
    }

    /// <summary>The current number as a <see cref="ulong"/>, if it is a non-negative integer in range.</summary>
    public readonly bool TryGetUInt64(out ulong value)
    {
        EnsureNumber();
        var reader = TokenAsReader();
        return reader.TryGetUInt64(out value);
    }

    /// <summary>The current number as a <see cref="decimal"/>, as <see cref="Utf8JsonReader.TryGetDecimal"/> reads it.</summary>
    public readonly bool TryGetDecimal(out decimal value)
    {
        EnsureNumber();
        if (JsonNumbers.TryParseDecimal(ValueSpan, out value))
        {
            return true;
        }
        var reader = TokenAsReader();
        return reader.TryGetDecimal(out value);
    }

    /// <summary>The current number as a <see cref="double"/>, as <see cref="Utf8JsonReader.TryGetDouble"/> reads it.</summary>
    public readonly bool TryGetDouble(out double value)
    {
        EnsureNumber();
        if (JsonNumbers.TryParseDouble(ValueSpan, out value))
        {
            return true;
        }
        var reader = TokenAsReader();
        return reader.TryGetDouble(out value);
    }

    /// <summary>The current number as a <see cref="float"/>, as <see cref="Utf8JsonReader.TryGetSingle"/> reads it.</summary>
    public readonly bool TryGetSingle(out float value)
    {
        EnsureNumber();
        if (JsonNumbers.TryParseSingle(ValueSpan, out value))
        {
            return true;
        }
        var reader = TokenAsReader();
        return reader.TryGetSingle(out value);
    }

    /// <summary>The current string as a <see cref="Guid"/>, as <see cref="Utf8JsonReader.TryGetGuid"/> reads it.</summary>
    public readonly bool TryGetGuid(out Guid value)
    {
        var reader = TokenAsReader();
        return reader.TryGetGuid(out value);
    }

    /// <summary>The current string as a <see cref="DateTime"/>, as <see cref="Utf8JsonReader.TryGetDateTime"/> reads it.</summary>
    public readonly bool TryGetDateTime(out DateTime value)
    {
        var reader = TokenAsReader();
        return reader.TryGetDateTime(out value);
    }

    /// <summary>The current string as a <see cref="DateTimeOffset"/>, as <see cref="Utf8JsonReader.TryGetDateTimeOffset"/> reads it.</summary>
    public readonly bool TryGetDateTimeOffset(out DateTimeOffset value)
    {
        var reader = TokenAsReader();
        return reader.TryGetDateTimeOffset(out value);
    }

    /// <summary>
    /// Skips the current value and returns its whole text (for a string, with its quotes), for handing
    /// to System.Text.Json. The reader is left on the value's last token.
    /// </summary>
    /// <exception cref="JsonException">The text is malformed.</exception>
    public ReadOnlySpan<byte> SkipAndGetRawValue()
    {
        var start = TokenStartIndex;
        Skip();
        return _buffer[start.._position];
    }

    /// <summary>Reader options for parsing a value taken out with <see cref="SkipAndGetRawValue"/>.</summary>
    public readonly JsonReaderOptions Options => _options;

    /// <summary>The current token alone, in a <see cref="Utf8JsonReader"/> positioned on it.</summary>
    private readonly Utf8JsonReader TokenAsReader()
    {
        var start = TokenStartIndex;
        var quoted = _tokenType is JsonTokenType.String or JsonTokenType.PropertyName;
        var reader = new Utf8JsonReader(_buffer[start..(_valueStart + _valueLength + (quoted ? 1 : 0))], _options);
        reader.Read();
        return reader;
    }

    private readonly void EnsureNumber()
    {
        if (_tokenType != JsonTokenType.Number)
        {
            ThrowNotNumber();
        }
    }

    private readonly void ThrowNotNumber()
        => throw new InvalidOperationException($"Cannot get the value of a token type '{_tokenType}' as a number.");
}
