using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>Turns a model's function-call arguments back into the UTF-8 JSON the generated readers take.</summary>
internal static class ArgumentsJson
{
    /// <summary>Property that chat clients may set on a call whose arguments were not a JSON object.</summary>
    public const string RawArgumentsKey = "declarative.rawArguments";

    // Shared: nothing writes to the arguments it is given (they travel as ReadOnlyMemory<byte>).
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static byte[] FromCall(FunctionCallContent call)
    {
        // When the client could not parse the arguments, pass the raw text on: the generated reader
        // then reports exactly what is malformed, with its position, for the model to fix.
        if (call.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var raw) == true && raw is string rawText)
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
                Write(writer, value);
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
        // {"name":value,...}: braces, and per property two quotes, a colon and (all but one) a comma.
        var length = 2 + (4 * arguments.Count) - 1;
        foreach (var (key, value) in arguments)
        {
            if (value is not JsonElement element || !IsScalar(element.ValueKind) || NeedsEscaping(key))
            {
                return null;
            }
            length += Encoding.UTF8.GetByteCount(key) + JsonMarshal.GetRawUtf8Value(element).Length;
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span[0] = (byte)'{';
        var at = 1;
        foreach (var (key, value) in arguments)
        {
            if (at > 1)
            {
                span[at++] = (byte)',';
            }
            span[at++] = (byte)'"';
            at += Encoding.UTF8.GetBytes(key, span[at..]);
            span[at++] = (byte)'"';
            span[at++] = (byte)':';
            var raw = JsonMarshal.GetRawUtf8Value((JsonElement)value!);
            raw.CopyTo(span[at..]);
            at += raw.Length;
        }
        span[at++] = (byte)'}';
        return at == length ? bytes : null;
    }

    private static bool IsScalar(JsonValueKind kind)
        => kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    // Quotes, backslashes and control characters must be escaped in a JSON string; lone surrogates
    // cannot be encoded as they are. Such names take the writer's path.
    private static bool NeedsEscaping(string name)
    {
        foreach (var c in name)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c))
            {
                return true;
            }
        }
        return false;
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case System.Text.Json.Nodes.JsonNode node:
                node.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                // Values built in code: serialize as AIFunctionFactory would.
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }
}
