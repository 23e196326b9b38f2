using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Declarative.Serialization;

/// <summary>
/// A forward-only reader of one complete JSON text held in memory, for generated argument readers.
/// It accepts exactly what <see cref="Utf8JsonReader"/> accepts with the same options (one final
/// block, no comments, no trailing commas) and yields the same tokens, but does only what reading
/// arguments needs (no multi-segment input, no partial blocks, no comment handling, no line
/// tracking), which takes about a third less time.
/// </summary>
/// <remarks>
/// <para>
/// Malformed JSON surfaces as the <see cref="JsonException"/> that <see cref="Utf8JsonReader"/>
/// throws for the same text, at the same token, with the same message and position: when this reader
/// finds the text malformed it replays it with <see cref="Utf8JsonReader"/> to obtain that exception,
/// so error messages are those of System.Text.Json. Text that is not valid UTF-8 is found, as there,
/// only when a string is decoded (an <see cref="InvalidOperationException"/>).
/// </para>
/// <para>Generated code uses it; it is public so generated code can stay on public APIs.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct JsonTokenReader
{
    private const int DefaultMaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly JsonReaderOptions _options;
    private readonly int _maxDepth;

    // The next byte to look at; the current token ends before it.
    private int _position;
    private int _valueStart;
    private int _valueLength;
    private int _depth;

    // Bit i says whether the container at depth i + 1 is an object (depths beyond 64 in _deeper).
    private ulong _objects;
    private bool[]? _deeper;
    private bool _escaped;
    private bool _plainAscii;
    private JsonTokenType _tokenType;

    /// <summary>Starts a reader on a complete JSON text.</summary>
    /// <param name="utf8Json">The text.</param>
    /// <param name="options">
    /// Reader options: <see cref="JsonReaderOptions.MaxDepth"/> is honoured; comments and trailing
    /// commas are not accepted whatever the options say.
    /// </param>
    public JsonTokenReader(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        _buffer = utf8Json;
        _options = new JsonReaderOptions { MaxDepth = options.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
        _maxDepth = options.MaxDepth == 0 ? DefaultMaxDepth : options.MaxDepth;
    }

    /// <summary>The kind of the current token.</summary>
    public readonly JsonTokenType TokenType => _tokenType;

    /// <summary>
    /// The current token's bytes: a string's or property name's text between the quotes (escapes not
    /// resolved), a number's digits, a literal's letters, or the bracket.
    /// </summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(_valueStart, _valueLength);

    /// <summary>Whether the current string or property name contains escapes.</summary>
    public readonly bool ValueIsEscaped => _escaped;

    /// <summary>The number of containers open at the current token (0 outside any).</summary>
    public readonly int CurrentDepth => _tokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? _depth - 1 : _depth;

    /// <summary>Where the current token starts in the text (for a string, its opening quote).</summary>
    public readonly int TokenStartIndex => _tokenType is JsonTokenType.String or JsonTokenType.PropertyName ? _valueStart - 1 : _valueStart;

    // Token types after which a comma or the container's end comes next.
    private const int AfterValue = (1 << (int)JsonTokenType.String) | (1 << (int)JsonTokenType.Number) | (1 << (int)JsonTokenType.True)
        | (1 << (int)JsonTokenType.False) | (1 << (int)JsonTokenType.Null) | (1 << (int)JsonTokenType.EndObject) | (1 << (int)JsonTokenType.EndArray);

    /// <summary>Moves to the next token.</summary>
    /// <returns><see langword="false"/> at the end of the text, after a complete value.</returns>
    /// <exception cref="JsonException">The text is malformed or nested deeper than the limit.</exception>
    public bool Read()
    {
        var buffer = _buffer;
        var position = SkipWhiteSpace(buffer, _position);
        var type = _tokenType;
        if ((uint)position >= (uint)buffer.Length)
        {
            // The end of the text is only right after a complete top-level value.
            if (_depth == 0 && type != JsonTokenType.None && type != JsonTokenType.PropertyName)
            {
                _position = position;
                return false;
            }
            return Malformed();
        }
        var b = buffer[position];
        if (type == JsonTokenType.PropertyName)
        {
            return ReadValue(buffer, position, b);
        }
        if (((AfterValue >> (int)type) & 1) != 0)
        {
            // After a complete value (a string, number, literal, or an object's or array's end).
            if (b == (byte)',' && _depth > 0)
            {
                position = SkipWhiteSpace(buffer, position + 1);
                if ((uint)position < (uint)buffer.Length)
                {
                    b = buffer[position];
                    if (InObject)
                    {
                        if (b == (byte)'"')
                        {
                            return ReadPropertyName(buffer, position);
                        }
                    }
                    else if (b != (byte)']')
                    {
                        return ReadValue(buffer, position, b);
                    }
                }
                return Malformed();
            }
            if (b == (byte)'}' && InObject)
            {
                return EndContainer(position, JsonTokenType.EndObject);
            }
            if (b == (byte)']' && _depth > 0 && !InObject)
            {
                return EndContainer(position, JsonTokenType.EndArray);
            }
            return Malformed();
        }
        if (type == JsonTokenType.StartObject)
        {
            if (b == (byte)'"')
            {
                return ReadPropertyName(buffer, position);
            }
            if (b == (byte)'}')
            {
                return EndContainer(position, JsonTokenType.EndObject);
            }
            return Malformed();
        }
        if (type == JsonTokenType.StartArray && b == (byte)']')
        {
            return EndContainer(position, JsonTokenType.EndArray);
        }
        // The first token, or an array's first element.
        return ReadValue(buffer, position, b);
    }

    /// <summary>
    /// Skips the current value: on a property name, its value; on an object's or array's start, up to
    /// its end; on anything else, nothing.
    /// </summary>
    /// <exception cref="JsonException">The text is malformed.</exception>
    public void Skip()
    {
        if (_tokenType == JsonTokenType.PropertyName)
        {
            Read();
        }
        if (_tokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = _depth - 1;
            while (Read() && _depth > depth)
            {
            }
            // Read() returns true for the matching end token, after which _depth == depth.
        }
    }

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhiteSpace(ReadOnlySpan<byte> buffer, int position)
    {
        // Usually there is none, or one space; indented text has runs, which a vectorized search skips.
        if ((uint)position < (uint)buffer.Length && buffer[position] <= (byte)' ')
        {
            position = SkipWhiteSpaceRun(buffer, position);
        }
        return position;
    }

    private static int SkipWhiteSpaceRun(ReadOnlySpan<byte> buffer, int position)
    {
        var b = buffer[position];
        if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t')
        {
            return position;
        }
        position++;
        if ((uint)position < (uint)buffer.Length && buffer[position] > (byte)' ')
        {
            return position;
        }
        var end = buffer[position..].IndexOfAnyExcept(WhiteSpace);
        return end < 0 ? buffer.Length : position + end;
    }

    private static readonly SearchValues<byte> WhiteSpace = SearchValues.Create(" \n\r\t"u8);

    private bool ReadValue(ReadOnlySpan<byte> buffer, int position, byte b)
    {
        switch (b)
        {
            case (byte)'"':
                return ReadString(buffer, position, JsonTokenType.String);
            case (byte)'{':
                return StartContainer(position, isObject: true, JsonTokenType.StartObject);
            case (byte)'[':
                return StartContainer(position, isObject: false, JsonTokenType.StartArray);
            case (byte)'t':
                return ReadLiteral(buffer, position, "true"u8, JsonTokenType.True);
            case (byte)'f':
                return ReadLiteral(buffer, position, "false"u8, JsonTokenType.False);
            case (byte)'n':
                return ReadLiteral(buffer, position, "null"u8, JsonTokenType.Null);
            default:
                if (b == (byte)'-' || (uint)(b - '0') <= 9)
                {
                    return ReadNumber(buffer, position);
                }
                return Malformed();
        }
    }

    private bool StartContainer(int position, bool isObject, JsonTokenType type)
    {
        if (_depth >= _maxDepth)
        {
            return Malformed();
        }
        if (_depth < 64)
        {
            if (isObject)
            {
                _objects |= 1UL << _depth;
            }
            else
            {
                _objects &= ~(1UL << _depth);
            }
        }
        else
        {
            _deeper ??= new bool[_maxDepth - 64];
            _deeper[_depth - 64] = isObject;
        }
        _depth++;
        return Token(type, position, 1);
    }

    private bool EndContainer(int position, JsonTokenType type)
    {
        _depth--;
        return Token(type, position, 1);
    }

    /// <summary>Whether the innermost open container is an object (false outside any).</summary>
    private readonly bool InObject => _depth switch
    {
        0 => false,
        <= 64 => (_objects & (1UL << (_depth - 1))) != 0,
        _ => _deeper![_depth - 65],
    };

    /// <summary>Makes the token from <paramref name="start"/> (for a string, after its quote) the current one.</summary>
    private bool Token(JsonTokenType type, int start, int length, bool escaped = false)
    {
        _tokenType = type;
        _valueStart = start;
        _valueLength = length;
        _escaped = escaped;
        _position = start + length;
        return true;
    }

    private bool ReadLiteral(ReadOnlySpan<byte> buffer, int position, ReadOnlySpan<byte> literal, JsonTokenType type)
    {
        if (!buffer[position..].StartsWith(literal))
        {
            return Malformed();
        }
        return Token(type, position, literal.Length);
    }

    private bool ReadNumber(ReadOnlySpan<byte> buffer, int position)
    {
        var start = position;
        var i = position;
        if (buffer[i] == (byte)'-')
        {
            i++;
            if (i >= buffer.Length || (uint)(buffer[i] - '0') > 9)
            {
                return Malformed();
            }
        }
        if (buffer[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9)
            {
                i++;
            }
        }
        if (i < buffer.Length && buffer[i] == (byte)'.')
        {
            i++;
            var digits = i;
            while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9)
            {
                i++;
            }
            if (i == digits)
            {
                return Malformed();
            }
        }
        if (i < buffer.Length && (buffer[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < buffer.Length && buffer[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }
            var digits = i;
            while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9)
            {
                i++;
            }
            if (i == digits)
            {
                return Malformed();
            }
        }
        // A number must end at a delimiter, or at the end of a text that is only this number.
        if (i == buffer.Length ? _depth > 0 : buffer[i] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'/'))
        {
            return Malformed();
        }
        return Token(JsonTokenType.Number, start, i - start);
    }

    private bool ReadPropertyName(ReadOnlySpan<byte> buffer, int position)
    {
        if (!ReadString(buffer, position, JsonTokenType.PropertyName))
        {
            return false;
        }
        var colon = SkipWhiteSpace(buffer, _position);
        if (colon >= buffer.Length || buffer[colon] != (byte)':')
        {
            return Malformed();
        }
        _position = colon + 1;
        return true;
    }

    private bool ReadString(ReadOnlySpan<byte> buffer, int position, JsonTokenType type)
    {
        var start = position + 1;
        var rest = buffer[start..];
        var end = IndexOfStop(rest, out var ascii);
        if (end < 0)
        {
            return Malformed();
        }
        var escaped = false;
        if (rest[end] != (byte)'"')
        {
            end = ReadEscapedString(rest, end);
            if (end < 0)
            {
                return Malformed();
            }
            escaped = true;
            ascii = false;
        }
        _plainAscii = ascii;
        Token(type, start, end, escaped);
        _position++; // past the closing quote
        return true;
    }

    // From the first backslash or control character: validates escapes up to the closing quote and
    // returns its index, or -1 when the string is malformed.
    private static int ReadEscapedString(ReadOnlySpan<byte> text, int i)
    {
        while (true)
        {
            var b = text[i];
            if (b == (byte)'"')
            {
                return i;
            }
            if (b != (byte)'\\')
            {
                return -1; // a control character
            }
            if (++i >= text.Length)
            {
                return -1;
            }
            switch (text[i])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i++;
                    break;
                case (byte)'u':
                    if (i + 4 >= text.Length
                        || !IsHex(text[i + 1]) || !IsHex(text[i + 2]) || !IsHex(text[i + 3]) || !IsHex(text[i + 4]))
                    {
                        return -1;
                    }
                    i += 5;
                    break;
                default:
                    return -1;
            }
            var next = IndexOfStop(text[i..], out _);
            if (next < 0)
            {
                return -1;
            }
            i += next;
        }
    }

    /// <summary>
    /// The index of the first quote, backslash or control character, or -1; and whether every byte
    /// before it is ASCII (so the text can be widened to a string without decoding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStop(ReadOnlySpan<byte> text, out bool ascii)
    {
        var i = 0;
        var high = 0u;
        if (Vector128.IsHardwareAccelerated)
        {
            // Sixteen bytes at a time while that many remain (in the whole text, not the string):
            // most strings a model sends end within the first block.
            ref var first = ref MemoryMarshal.GetReference(text);
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            for (; i <= text.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var block = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, space);
                if (stops != Vector128<byte>.Zero)
                {
                    var at = BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                    // Bytes from 0x80 up have their top bit set; only those before the stop count.
                    high |= block.ExtractMostSignificantBits() & ((1u << at) - 1);
                    ascii = high == 0;
                    return i + at;
                }
                high |= block.ExtractMostSignificantBits();
            }
        }
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20)
            {
                ascii = high == 0;
                return i;
            }
            high |= b & 0x80u;
        }
        ascii = false;
        return -1;
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;

    /// <summary>Throws what <see cref="Utf8JsonReader"/> throws for this text.</summary>
    private readonly bool Malformed() => throw Replay(_buffer, _options);

    /// <summary>
    /// Reads the text with <see cref="Utf8JsonReader"/> to the first error and returns its exception:
    /// the same message and position System.Text.Json reports.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static JsonException Replay(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            return exception;
        }
        // Not reached unless the two readers disagree; the differential tests make sure they do not.
        return new JsonException("The JSON text is malformed.");
    }
}
