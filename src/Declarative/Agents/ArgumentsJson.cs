using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>Turns a model's function-call arguments back into the UTF-8 JSON the generated readers take.</summary>
internal static class ArgumentsJson
{
    /// <summary>Property that chat clients may set on a call whose arguments were not a JSON object.</summary>
    public const string RawArgumentsKey = "declarative.rawArguments";

    public static byte[] FromCall(FunctionCallContent call)
    {
        // When the client could not parse the arguments, pass the raw text on: the generated reader
        // then reports exactly what is malformed, with its position, for the model to fix.
        if (call.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var raw) == true && raw is string rawText)
        {
            return System.Text.Encoding.UTF8.GetBytes(rawText);
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
            return "{}"u8.ToArray();
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
