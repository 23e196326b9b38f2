using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Declarative.OpenAI.Internal;

/// <summary>What a request needs besides the messages and the call's options.</summary>
internal readonly record struct RequestSettings(
    string Model,
    bool StrictTools,
    bool StrictResponse,
    bool UseMaxCompletionTokens,
    bool Stream);

/// <summary>Writes the JSON body of a <c>POST /chat/completions</c> request.</summary>
internal static class ChatRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static BinaryData Write(IEnumerable<ChatMessage> messages, ChatOptions? options, RequestSettings settings)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("model", settings.Model);

            writer.WriteStartArray("messages");
            if (!string.IsNullOrEmpty(options?.Instructions))
            {
                writer.WriteStartObject();
                writer.WriteString("role", "system");
                writer.WriteString("content", options.Instructions);
                writer.WriteEndObject();
            }
            foreach (var message in messages)
            {
                WriteMessage(writer, message);
            }
            writer.WriteEndArray();

            var functions = options?.Tools?.OfType<AIFunctionDeclaration>().ToList();
            if (functions is { Count: > 0 })
            {
                writer.WriteStartArray("tools");
                foreach (var function in functions)
                {
                    WriteTool(writer, function, settings.StrictTools);
                }
                writer.WriteEndArray();

                WriteToolChoice(writer, options!.ToolMode);
                if (options.AllowMultipleToolCalls is bool parallel)
                {
                    writer.WriteBoolean("parallel_tool_calls", parallel);
                }
            }

            if (options is not null)
            {
                WriteSampling(writer, options, settings);
                WriteResponseFormat(writer, options.ResponseFormat, settings.StrictResponse);
            }

            if (settings.Stream)
            {
                writer.WriteBoolean("stream", true);
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
        return new BinaryData(buffer.WrittenMemory.ToArray());
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = message.Contents.OfType<FunctionResultContent>().ToList();

        if (message.Role == ChatRole.Tool)
        {
            // One tool message per result; anything else in a tool message has no place on the wire.
            foreach (var result in results)
            {
                WriteToolMessage(writer, result);
            }
            return;
        }

        if (message.Role == ChatRole.Assistant)
        {
            WriteAssistantMessage(writer, message);
        }
        else if (results.Count == 0 || message.Contents.Any(c => c is not FunctionResultContent))
        {
            WriteContentMessage(writer, message);
        }

        // Results carried by a non-tool message (unusual, but possible when built by hand) still go out as tool messages.
        foreach (var result in results)
        {
            WriteToolMessage(writer, result);
        }
    }

    private static void WriteAssistantMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        var text = message.Text;
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        if (text.Length > 0 || calls.Count == 0)
        {
            writer.WriteString("content", text);
        }
        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.CallId);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", ArgumentsText(call));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteContentMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);

        var hasMedia = message.Contents.Any(IsImage);
        if (!hasMedia)
        {
            writer.WriteString("content", message.Text);
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text when !string.IsNullOrEmpty(text.Text):
                        writer.WriteStartObject();
                        writer.WriteString("type", "text");
                        writer.WriteString("text", text.Text);
                        writer.WriteEndObject();
                        break;
                    case DataContent data when data.HasTopLevelMediaType("image"):
                        WriteImagePart(writer, data.Uri);
                        break;
                    case UriContent uri when uri.HasTopLevelMediaType("image"):
                        WriteImagePart(writer, uri.Uri.ToString());
                        break;
                }
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static bool IsImage(AIContent content) => content switch
    {
        DataContent data => data.HasTopLevelMediaType("image"),
        UriContent uri => uri.HasTopLevelMediaType("image"),
        _ => false,
    };

    private static void WriteImagePart(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolMessage(Utf8JsonWriter writer, FunctionResultContent result)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", result.CallId);
        writer.WriteString("content", ResultText(result));
        writer.WriteEndObject();
    }

    /// <summary>
    /// The arguments of a call already made, as the JSON string the API expects. A call whose arguments could not be
    /// parsed when it arrived goes back exactly as the model sent it, so the history stays faithful.
    /// </summary>
    internal static string ArgumentsText(FunctionCallContent call)
    {
        if (call.Arguments is null || call.Arguments.Count == 0)
        {
            if (call.AdditionalProperties?.TryGetValue(OpenAIPropertyNames.RawArguments, out var raw) == true && raw is string rawText)
            {
                return rawText;
            }
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in call.Arguments)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// A tool result as the text of a tool message: a string as it is, a <see cref="JsonElement"/> as its raw JSON,
    /// nothing plus an exception as <c>Error: message</c>, anything else serialized to JSON.
    /// </summary>
    internal static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception is { } exception ? "Error: " + exception.Message : "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.Undefined } => "",
        JsonElement element => element.GetRawText(),
        JsonDocument document => document.RootElement.GetRawText(),
        JsonNode node => node.ToJsonString(),
        TextContent text => text.Text,
        IEnumerable<AIContent> contents => string.Concat(contents.OfType<TextContent>().Select(t => t.Text)),
        var other => Serialize(other),
    };

    private static string Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteValue(writer, value);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element when element.ValueKind == JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private static void WriteTool(Utf8JsonWriter writer, AIFunctionDeclaration function, bool strict)
    {
        var strictSchema = strict ? GetStrictSchema(function) : null;

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", function.Name);
        if (!string.IsNullOrEmpty(function.Description))
        {
            writer.WriteString("description", function.Description);
        }
        writer.WritePropertyName("parameters");
        if (strictSchema is { } strictElement)
        {
            strictElement.WriteTo(writer);
        }
        else if (function.JsonSchema.ValueKind == JsonValueKind.Object)
        {
            function.JsonSchema.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        if (strictSchema is not null)
        {
            writer.WriteBoolean("strict", true);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static JsonElement? GetStrictSchema(AIFunctionDeclaration function)
    {
        if (function.AdditionalProperties.TryGetValue(OpenAIPropertyNames.StrictParametersSchema, out var value))
        {
            switch (value)
            {
                case JsonElement { ValueKind: JsonValueKind.Object } element:
                    return element;
                case JsonDocument { RootElement.ValueKind: JsonValueKind.Object } document:
                    return document.RootElement;
                case JsonNode node when node is JsonObject:
                    return JsonElement.Parse(node.ToJsonString());
                case string text when !string.IsNullOrWhiteSpace(text):
                    try
                    {
                        var parsed = JsonElement.Parse(text);
                        if (parsed.ValueKind == JsonValueKind.Object)
                        {
                            return parsed;
                        }
                    }
                    catch (JsonException exception)
                    {
                        throw new ArgumentException(
                            $"The strict parameters schema of tool '{function.Name}' ({OpenAIPropertyNames.StrictParametersSchema}) is not valid JSON: {exception.Message}",
                            exception);
                    }
                    break;
                case null:
                    return null;
            }
            throw new ArgumentException(
                $"The strict parameters schema of tool '{function.Name}' ({OpenAIPropertyNames.StrictParametersSchema}) must be a JSON object schema, given as a JsonElement or a JSON string.");
        }
        return null;
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ChatToolMode? mode)
    {
        switch (mode)
        {
            case null:
                return;
            case NoneChatToolMode:
                writer.WriteString("tool_choice", "none");
                return;
            case AutoChatToolMode:
                writer.WriteString("tool_choice", "auto");
                return;
            case RequiredChatToolMode { RequiredFunctionName: null }:
                writer.WriteString("tool_choice", "required");
                return;
            case RequiredChatToolMode required:
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", required.RequiredFunctionName);
                writer.WriteEndObject();
                writer.WriteEndObject();
                return;
        }
    }

    private static void WriteSampling(Utf8JsonWriter writer, ChatOptions options, RequestSettings settings)
    {
        if (options.Temperature is float temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }
        if (options.TopP is float topP)
        {
            writer.WriteNumber("top_p", topP);
        }
        if (options.TopK is int topK)
        {
            // Not part of OpenAI's API; vLLM and others accept it.
            writer.WriteNumber("top_k", topK);
        }
        if (options.FrequencyPenalty is float frequencyPenalty)
        {
            writer.WriteNumber("frequency_penalty", frequencyPenalty);
        }
        if (options.PresencePenalty is float presencePenalty)
        {
            writer.WriteNumber("presence_penalty", presencePenalty);
        }
        if (options.Seed is long seed)
        {
            writer.WriteNumber("seed", seed);
        }
        if (options.MaxOutputTokens is int maxTokens)
        {
            writer.WriteNumber(settings.UseMaxCompletionTokens ? "max_completion_tokens" : "max_tokens", maxTokens);
        }
        if (options.StopSequences is { Count: > 0 } stops)
        {
            writer.WriteStartArray("stop");
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }
            writer.WriteEndArray();
        }
        if (options.Reasoning?.Effort is ReasoningEffort effort)
        {
            writer.WriteString("reasoning_effort", effort switch
            {
                ReasoningEffort.None => "none",
                ReasoningEffort.Low => "low",
                ReasoningEffort.Medium => "medium",
                ReasoningEffort.High => "high",
                ReasoningEffort.ExtraHigh => "xhigh",
                _ => effort.ToString().ToLowerInvariant(),
            });
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatResponseFormat? format, bool strict)
    {
        if (format is not ChatResponseFormatJson json)
        {
            return; // null or text: the default, nothing to send
        }

        writer.WriteStartObject("response_format");
        if (json.Schema is not { } schema)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            writer.WriteString("name", SchemaName(json.SchemaName));
            if (!string.IsNullOrEmpty(json.SchemaDescription))
            {
                writer.WriteString("description", json.SchemaDescription);
            }
            writer.WritePropertyName("schema");
            schema.WriteTo(writer);
            writer.WriteBoolean("strict", strict);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>The API wants <c>^[a-zA-Z0-9_-]{1,64}$</c>; anything else is replaced by <c>_</c>.</summary>
    internal static string SchemaName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "response";
        }
        var chars = name.Length > 64 ? name.AsSpan(0, 64).ToArray() : name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-'))
            {
                chars[i] = '_';
            }
        }
        return new string(chars);
    }
}
