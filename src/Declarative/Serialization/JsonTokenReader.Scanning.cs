using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Declarative.Serialization;

// The byte-level scanning that Read uses (see JsonTokenReader.cs).
public ref partial struct JsonTokenReader
{
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
    // Asked after every comma; the JIT left it as a call (about 1% of reading a list of records).
    private readonly bool InObject
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _depth switch
        {
            0 => false,
            <= 64 => (_objects & (1UL << (_depth - 1))) != 0,
            _ => _deeper![_depth - 65],
        };
    }

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
}
