using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Declarative.Serialization;

/// <summary>
/// Writes a tool's result as compact UTF-8 JSON, byte for byte as <see cref="Utf8JsonWriter"/> with
/// default options writes it, for generated result writers. Structure, property names, plain ASCII
/// text, integers and the usual decimals and doubles are written directly into one growing buffer;
/// anything else (text that needs escaping, other number forms, dates, GUIDs, JSON elements and nodes,
/// values left to System.Text.Json) is handed to a <see cref="Utf8JsonWriter"/> writing into the same
/// buffer, so it comes out exactly as System.Text.Json writes it.
/// </summary>
/// <remarks>
/// The generated writers call it in a valid order (it does not validate structure). Like
/// <see cref="Utf8JsonWriter"/> it refuses to nest deeper than 1,000 levels, so a result whose objects
/// refer to each other in a cycle fails instead of writing forever.
/// Generated code uses it; it is public so generated code can stay on public APIs.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonResultWriter : IBufferWriter<byte>
{
    private const int MaxDepth = 1000;

    // Which ASCII characters Utf8JsonWriter writes as they are (by default it escapes control
    // characters, '"', '\\', and the HTML-sensitive '<', '>', '&', '\'', '+' and '`'). Learned from the
    // writer itself, once, so the two cannot disagree.
    private static readonly bool[] PlainAscii = LearnPlainAscii();

    private byte[] _buffer;
    private int _length;
    private int _depth;
    // Whether a value has been completed at the current level, so the next one needs a comma.
    private bool _separate;
    private Utf8JsonWriter? _fallback;

    /// <summary>Creates a writer with a buffer of <paramref name="capacity"/> bytes to start with.</summary>
    /// <param name="capacity">The initial capacity.</param>
    public JsonResultWriter(int capacity = 256) => _buffer = new byte[Math.Max(capacity, 16)];

    /// <summary>The JSON written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Whether the thread's cached writer is busy (a result being written while another is).</summary>
    internal bool InUse { get; set; }

    /// <summary>The capacity of the buffer.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset()
    {
        _length = 0;
        _depth = 0;
        _separate = false;
    }

    /// <summary>Writes <c>{</c>.</summary>
    public void WriteStartObject() => Open((byte)'{');

    /// <summary>Writes <c>}</c>.</summary>
    public void WriteEndObject() => Close((byte)'}');

    /// <summary>Writes <c>[</c>.</summary>
    public void WriteStartArray() => Open((byte)'[');

    /// <summary>Writes <c>]</c>.</summary>
    public void WriteEndArray() => Close((byte)']');

    /// <summary>Writes a property name that was encoded once, ahead of time.</summary>
    /// <param name="name">The name.</param>
    public void WritePropertyName(JsonEncodedText name) => WriteQuoted(name.EncodedUtf8Bytes, (byte)':');

    /// <summary>Writes a property name (such as a dictionary key), escaped as System.Text.Json escapes it.</summary>
    /// <param name="name">The name.</param>
    public void WritePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsPlain(name))
        {
            WriteQuoted(name, (byte)':');
        }
        else
        {
            WriteWithUtf8JsonWriter(name, static (w, n) => w.WritePropertyName(n));
        }
        _separate = false;
    }

    /// <summary>Writes <c>null</c>.</summary>
    public void WriteNullValue() => Raw("null"u8);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteBooleanValue(bool value) => Raw(value ? "true"u8 : "false"u8);

    /// <summary>Writes a string, escaped as System.Text.Json escapes it.</summary>
    /// <param name="value">The text.</param>
    public void WriteStringValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsPlain(value))
        {
            WriteQuoted(value, 0);
        }
        else
        {
            WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteStringValue(v));
        }
    }

    /// <summary>Writes UTF-8 text as a string, escaped as System.Text.Json escapes it.</summary>
    /// <param name="utf8">The text.</param>
    public void WriteStringValue(ReadOnlySpan<byte> utf8)
    {
        if (IsPlain(utf8))
        {
            WriteQuoted(utf8, 0);
            return;
        }
        Separate();
        var writer = Fallback();
        writer.WriteStringValue(utf8);
        writer.Flush();
        _separate = true;
    }

    /// <summary>Writes a GUID as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    public void WriteStringValue(Guid value) => WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteStringValue(v));

    /// <summary>Writes a date and time as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    public void WriteStringValue(DateTime value) => WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteStringValue(v));

    /// <summary>Writes a date and time with an offset as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    public void WriteStringValue(DateTimeOffset value) => WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteStringValue(v));

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(long value) => WriteInteger(value);

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(int value) => WriteInteger(value);

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(uint value) => WriteInteger(value);

    /// <summary>Writes an integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(ulong value) => WriteInteger(value);

    /// <summary>Writes a decimal with every digit of its scale, as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    public void WriteNumberValue(decimal value)
    {
        var span = NumberSpan(out var at);
        if (JsonNumbers.TryFormatDecimal(value, span[at..], out var written))
        {
            NumberWritten(at + written);
        }
        else
        {
            WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteNumberValue(v));
        }
    }

    /// <summary>Writes a double in its shortest round-trip form, as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void WriteNumberValue(double value)
    {
        var span = NumberSpan(out var at);
        if (JsonNumbers.TryFormatDouble(value, span[at..], out var written))
        {
            NumberWritten(at + written);
        }
        else
        {
            WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteNumberValue(v));
        }
    }

    /// <summary>Writes a float in its shortest round-trip form, as System.Text.Json does.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void WriteNumberValue(float value) => WriteWithUtf8JsonWriter(value, static (w, v) => w.WriteNumberValue(v));

    /// <summary>
    /// Writes one value with System.Text.Json (a JSON element or node, or a value serialized through
    /// <see cref="JsonSerializer"/>), into this writer's buffer.
    /// </summary>
    /// <typeparam name="TState">What <paramref name="write"/> needs.</typeparam>
    /// <param name="state">What <paramref name="write"/> needs.</param>
    /// <param name="write">Writes exactly one value.</param>
    public void WriteWithUtf8JsonWriter<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Separate();
        var writer = Fallback();
        write(writer, state);
        writer.Flush();
        _separate = true;
    }

    /// <summary>Writes plain ASCII text in quotes, then <paramref name="suffix"/> (a colon after a name) unless 0.</summary>
    private void WriteQuoted(string text, byte suffix)
    {
        var span = QuotedSpan(text.Length, out var at);
        System.Text.Ascii.FromUtf16(text, span[at..], out _);
        QuotedWritten(span, at + text.Length, suffix);
    }

    /// <summary>Writes UTF-8 text that needs no escaping in quotes, then <paramref name="suffix"/> unless 0.</summary>
    private void WriteQuoted(ReadOnlySpan<byte> utf8, byte suffix)
    {
        var span = QuotedSpan(utf8.Length, out var at);
        utf8.CopyTo(span[at..]);
        QuotedWritten(span, at + utf8.Length, suffix);
    }

    /// <summary>Room for a separator, quotes, the text and a suffix; the text goes at <paramref name="at"/>.</summary>
    private Span<byte> QuotedSpan(int length, out int at)
    {
        var span = Reserve(length + 4);
        var i = 0;
        if (_separate)
        {
            span[i++] = (byte)',';
        }
        span[i++] = (byte)'"';
        at = i;
        return span;
    }

    private void QuotedWritten(Span<byte> span, int end, byte suffix)
    {
        span[end++] = (byte)'"';
        if (suffix != 0)
        {
            span[end++] = suffix;
        }
        _length += end;
        _separate = suffix == 0;
    }

    private void WriteInteger<T>(T value)
        where T : IUtf8SpanFormattable
    {
        var span = NumberSpan(out var at);
        value.TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
        NumberWritten(at + written);
    }

    /// <summary>Room for a number and its separator; the number goes at <paramref name="at"/>.</summary>
    private Span<byte> NumberSpan(out int at)
    {
        var span = Reserve(JsonNumbers.MaxFormattedLength + 1);
        // The comma is written either way; without a separator the number overwrites it.
        span[0] = (byte)',';
        at = _separate ? 1 : 0;
        return span;
    }

    private void NumberWritten(int count)
    {
        _length += count;
        _separate = true;
    }

    private void Open(byte bracket)
    {
        if (_depth >= MaxDepth)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The result is nested deeper than {MaxDepth} levels; does it contain a cycle?"));
        }
        var span = Reserve(2);
        var i = 0;
        if (_separate)
        {
            span[i++] = (byte)',';
        }
        span[i++] = bracket;
        _length += i;
        _depth++;
        _separate = false;
    }

    private void Close(byte bracket)
    {
        Reserve(1)[0] = bracket;
        _length++;
        _depth--;
        _separate = true;
    }

    private void Raw(ReadOnlySpan<byte> literal)
    {
        var span = Reserve(literal.Length + 1);
        var i = 0;
        if (_separate)
        {
            span[i++] = (byte)',';
        }
        literal.CopyTo(span[i..]);
        _length += i + literal.Length;
        _separate = true;
    }

    private void Separate()
    {
        if (_separate)
        {
            Reserve(1)[0] = (byte)',';
            _length++;
        }
    }

    /// <summary>A writer for one value into this buffer, as a fresh top-level value (no separator of its own).</summary>
    private Utf8JsonWriter Fallback()
    {
        if (_fallback is null)
        {
            _fallback = new Utf8JsonWriter(this, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            _fallback.Reset(this);
        }
        return _fallback;
    }

    private static bool IsPlain(ReadOnlySpan<byte> utf8)
    {
        var table = PlainAscii;
        foreach (var b in utf8)
        {
            if (b >= 0x80 || !table[b])
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(string text)
    {
        var table = PlainAscii;
        foreach (var c in text)
        {
            if (c >= 0x80 || !table[c])
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }
        return _buffer.AsSpan(_length);
    }

    private void Grow(int count)
    {
        var size = Math.Max(_buffer.Length * 2, _length + count);
        Array.Resize(ref _buffer, size);
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_length + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _length += count;
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        Reserve(Math.Max(sizeHint, 256));
        return _buffer.AsMemory(_length);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Reserve(Math.Max(sizeHint, 256));

    private static bool[] LearnPlainAscii()
    {
        var table = new bool[128];
        var buffer = new ArrayBufferWriter<byte>(8);
        using var writer = new Utf8JsonWriter(buffer);
        Span<char> one = stackalloc char[1];
        for (var c = 0; c < 128; c++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            one[0] = (char)c;
            writer.WriteStringValue(one);
            writer.Flush();
            // Written as it is: a quote, the character, a quote.
            table[c] = buffer.WrittenCount == 3 && buffer.WrittenSpan[1] == c;
        }
        return table;
    }
}
