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

    public static byte[] FromDictionary(IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (arguments is not null)
            {
                foreach (var (key, value) in arguments)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
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
