using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

// The canonical form of a chat request, hashed into a cache key: what can change the answer, in a fixed order,
// and nothing that cannot (raw representations, timestamps, message ids).
internal static class CanonicalRequest
{
    private const int Version = 1;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Key(IEnumerable<ChatMessage> messages, ChatOptions? options, int repetition)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteNumber("repetition", repetition);
            WriteOptions(writer, options);
            writer.WriteStartArray("messages");
            foreach (var message in messages)
            {
                WriteMessage(writer, message);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions? options)
    {
        if (options is null)
        {
            return;
        }
        WriteIfSet(writer, "model", options.ModelId);
        WriteIfSet(writer, "instructions", options.Instructions);
        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }
        if (options.TopP is { } topP)
        {
            writer.WriteNumber("topP", topP);
        }
        if (options.MaxOutputTokens is { } maxOutputTokens)
        {
            writer.WriteNumber("maxOutputTokens", maxOutputTokens);
        }
        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }
        switch (options.ResponseFormat)
        {
            case ChatResponseFormatJson json:
                writer.WriteStartObject("responseFormat");
                WriteIfSet(writer, "name", json.SchemaName);
                if (json.Schema is { } schema)
                {
                    writer.WritePropertyName("schema");
                    schema.WriteTo(writer);
                }
                writer.WriteEndObject();
                break;
            case ChatResponseFormatText:
                writer.WriteString("responseFormat", "text");
                break;
        }
        switch (options.ToolMode)
        {
            case RequiredChatToolMode required:
                writer.WriteString("toolMode", "required:" + required.RequiredFunctionName);
                break;
            case NoneChatToolMode:
                writer.WriteString("toolMode", "none");
                break;
        }
        if (options.Tools is { Count: > 0 } tools)
        {
            writer.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                WriteIfSet(writer, "description", tool.Description);
                if (tool is AIFunctionDeclaration function)
                {
                    writer.WritePropertyName("schema");
                    function.JsonSchema.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        WriteIfSet(writer, "author", message.AuthorName);
        writer.WriteStartArray("contents");
        foreach (var content in message.Contents)
        {
            writer.WriteStartObject();
            switch (content)
            {
                case TextContent text:
                    writer.WriteString("text", text.Text);
                    break;
                case FunctionCallContent call:
                    writer.WriteString("call", call.Name);
                    writer.WriteString("id", call.CallId);
                    writer.WritePropertyName("arguments");
                    WriteArguments(writer, call.Arguments);
                    break;
                case FunctionResultContent result:
                    writer.WriteString("result", result.CallId);
                    writer.WritePropertyName("value");
                    WriteValue(writer, result.Result);
                    break;
                case TextReasoningContent reasoning:
                    writer.WriteString("reasoning", reasoning.Text);
                    break;
                default:
                    // Anything else (images, files, approvals) in the library's own serialized form.
                    writer.WritePropertyName("content");
                    JsonSerializer.Serialize(writer, content, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(AIContent)));
                    break;
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteArguments(Utf8JsonWriter writer, IDictionary<string, object?>? arguments)
    {
        writer.WriteStartObject();
        if (arguments is not null)
        {
            // Property order is the model's; sort so that it does not matter.
            foreach (var (name, value) in arguments.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
