using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>Turns a model's function-call arguments back into the UTF-8 JSON the generated readers take.</summary>
internal static class ArgumentsJson
{
    // Shared: nothing writes to the arguments it is given (they travel as ReadOnlyMemory<byte>).
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static byte[] FromCall(FunctionCallContent call)
    {
        // When the client could not parse the arguments, pass the raw text on: the generated reader
        // then reports exactly what is malformed, with its position, for the model to fix.
        if (call.AdditionalProperties?.TryGetValue(ToolCallArguments.RawArgumentsKey, out var raw) == true && raw is string rawText)
        {
            return Encoding.UTF8.GetBytes(rawText);
        }
        return FromDictionary(call.Arguments);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] FromDictionary(IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        if (arguments is null || (arguments is ICollection<KeyValuePair<string, object?>> { Count: 0 }))
        {
            return EmptyObject;
        }
        if (arguments is Dictionary<string, object?> dictionary && TryJoinRaw(dictionary) is { } joined)
        {
            return joined;
        }
        // A buffer and writer per thread, taken out while in use (serializing a value may re-enter).
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        var writer = t_writer ?? new Utf8JsonWriter(buffer);
        t_buffer = null;
        t_writer = null;
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments)
            {
                writer.WritePropertyName(key);
                Serialization.JsonWrite.Value(writer, value);
            }
            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= 64 * 1024)
            {
                writer.Reset(Stream.Null);
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }

    // Arguments up to this size are joined on the stack and copied out once.
    private const int StackLimit = 512;

    // TryJoin's answer when the arguments cannot be joined raw (as opposed to a destination too small).
    private const int NotRaw = -1;

    /// <summary>
    /// The common case, arguments parsed by a chat client into <see cref="JsonElement"/>s: the model's own
    /// bytes for each value, joined under their names into one right-sized array, with no writer and no
    /// re-encoding. Null when some value is not a scalar <see cref="JsonElement"/> or some name needs escaping.
    /// </summary>
    /// <remarks>
    /// Only scalars (strings, numbers, booleans, null): their bytes are one token, already validated. An
    /// object or array may have been parsed leniently (comments, trailing commas) and is written afresh.
    /// </remarks>
    private static byte[]? TryJoinRaw(Dictionary<string, object?> arguments)
    {
        Span<byte> buffer = stackalloc byte[StackLimit];
        var written = TryJoin(arguments, buffer);
        if (written > 0)
        {
            return buffer[..written].ToArray();
        }
        if (written == NotRaw)
        {
            return null;
        }
        // Too big for the stack: measure, then join into an array of exactly that size.
        var length = 2 + (4 * arguments.Count) - 1;
        foreach (var (key, value) in arguments)
        {
            if (value is not JsonElement element || !IsScalar(element.ValueKind))
            {
                return null;
            }
            length += Encoding.UTF8.GetByteCount(key) + JsonMarshal.GetRawUtf8Value(element).Length;
        }
        var bytes = new byte[length];
        return TryJoin(arguments, bytes) == length ? bytes : null;
    }

    // {"name":value,...} into the destination: the bytes written, 0 when it is too small, or NotRaw.
    private static int TryJoin(Dictionary<string, object?> arguments, Span<byte> destination)
    {
        if (destination.Length < 2)
        {
            return 0;
        }
        destination[0] = (byte)'{';
        var at = 1;
        foreach (var (key, value) in arguments)
        {
            if (value is not JsonElement element || !IsScalar(element.ValueKind))
            {
                return NotRaw;
            }
            var raw = JsonMarshal.GetRawUtf8Value(element);
            // A comma, two quotes and a colon, besides the name and the value.
            if (destination.Length - at < key.Length + raw.Length + 4)
            {
                return 0;
            }
            if (at > 1)
            {
                destination[at++] = (byte)',';
            }
            destination[at++] = (byte)'"';
            var name = WriteName(key, destination[at..]);
            if (name <= 0)
            {
                return name;
            }
            at += name;
            if (destination.Length - at < raw.Length + 2)
            {
                return 0;
            }
            destination[at++] = (byte)'"';
            destination[at++] = (byte)':';
            raw.CopyTo(destination[at..]);
            at += raw.Length;
        }
        if (at == destination.Length)
        {
            return 0;
        }
        destination[at++] = (byte)'}';
        return at;
    }

    // A property name as it stands, in UTF-8: the bytes written, 0 when the destination is too small, or
    // NotRaw when it needs escaping (quotes, backslashes, control characters) or holds a lone surrogate.
    private static int WriteName(string name, Span<byte> destination)
    {
        if (destination.Length < name.Length)
        {
            return 0;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c >= 0x80)
            {
                return WriteNonAsciiName(name, destination);
            }
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return NotRaw;
            }
            destination[i] = (byte)c;
        }
        return name.Length;
    }

    private static int WriteNonAsciiName(string name, Span<byte> destination)
    {
        foreach (var c in name)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c))
            {
                return NotRaw;
            }
        }
        return Encoding.UTF8.TryGetBytes(name, destination, out var written) ? written : 0;
    }

    private static bool IsScalar(JsonValueKind kind)
        => kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;
}
