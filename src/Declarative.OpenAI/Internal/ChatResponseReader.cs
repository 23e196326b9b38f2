using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.OpenAI.Internal;

/// <summary>Reads Chat Completions responses (whole ones and streamed chunks) into Microsoft.Extensions.AI types.</summary>
internal static class ChatResponseReader
{
    public static ChatResponse Read(ReadOnlyMemory<byte> body, string endpoint)
    {
        var root = ParseBody(body, endpoint);
        ThrowIfError(root, endpoint);
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new OpenAIChatException(
                $"The server at {endpoint} answered with a body that is not a chat completion (no \"choices\" array): {Truncate(root.GetRawText())}")
            {
                ResponseBody = root.GetRawText(),
                Attempts = 1,
            };
        }

        var id = GetString(root, "id");
        var response = new ChatResponse
        {
            ResponseId = id,
            ModelId = GetString(root, "model"),
            CreatedAt = GetCreated(root),
            RawRepresentation = root,
        };

        var callIndex = 0;
        foreach (var choice in choices.EnumerateArray())
        {
            var message = new ChatMessage { Role = ChatRole.Assistant, MessageId = id, RawRepresentation = choice };
            if (choice.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.Object)
            {
                if ((GetString(messageElement, "reasoning_content") ?? GetString(messageElement, "reasoning")) is { Length: > 0 } reasoning)
                {
                    message.Contents.Add(new TextReasoningContent(reasoning));
                }
                if (GetString(messageElement, "content") is { Length: > 0 } text)
                {
                    message.Contents.Add(new TextContent(text));
                }
                if (GetString(messageElement, "refusal") is { Length: > 0 } refusal)
                {
                    message.Contents.Add(new TextContent(refusal) { AdditionalProperties = new() { ["refusal"] = true } });
                }
                if (messageElement.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                        var callId = GetString(call, "id");
                        var name = function.ValueKind == JsonValueKind.Object ? GetString(function, "name") : null;
                        var arguments = function.ValueKind == JsonValueKind.Object ? GetArgumentsText(function) : null;
                        var content = CreateFunctionCall(callId, name, arguments, callIndex++);
                        content.RawRepresentation = call;
                        message.Contents.Add(content);
                    }
                }
            }
            response.Messages.Add(message);
            response.FinishReason ??= ReadFinishReason(GetString(choice, "finish_reason"));
        }

        if (root.TryGetProperty("usage", out var usage))
        {
            response.Usage = ReadUsage(usage);
        }
        if (GetString(root, "system_fingerprint") is { } fingerprint)
        {
            (response.AdditionalProperties ??= [])["system_fingerprint"] = fingerprint;
        }
        return response;
    }

    /// <summary>
    /// Makes a <see cref="FunctionCallContent"/> from a tool call as received, never throwing.
    /// Arguments that are empty mean "no arguments" (an empty dictionary). Arguments that are not a JSON object
    /// (malformed JSON, or valid JSON of another kind) give a call whose <see cref="FunctionCallContent.Arguments"/> is
    /// <see langword="null"/>, whose <see cref="FunctionCallContent.Exception"/> is an <see cref="InvalidDataException"/>
    /// explaining why, and whose <c>AdditionalProperties</c> hold the raw text under
    /// <see cref="OpenAIPropertyNames.RawArguments"/> and the same explanation under <see cref="OpenAIPropertyNames.ArgumentsError"/>.
    /// </summary>
    internal static FunctionCallContent CreateFunctionCall(string? callId, string? name, string? argumentsText, int position)
    {
        callId = string.IsNullOrEmpty(callId) ? $"call_{position + 1}_{Guid.NewGuid():N}"[..24] : callId;
        name ??= "";

        if (string.IsNullOrWhiteSpace(argumentsText))
        {
            return new FunctionCallContent(callId, name, new Dictionary<string, object?>());
        }

        string error;
        try
        {
            using var document = JsonDocument.Parse(argumentsText);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var arguments = new Dictionary<string, object?>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
                return new FunctionCallContent(callId, name, arguments);
            }
            error = $"arguments must be a JSON object, but got {Describe(document.RootElement.ValueKind)}";
        }
        catch (JsonException exception)
        {
            error = "arguments are not valid JSON: " + exception.Message;
        }

        return new FunctionCallContent(callId, name, arguments: null)
        {
            Exception = new InvalidDataException($"The model called tool '{name}' (call {callId}) with unusable arguments: {error}. Arguments as sent: {Truncate(argumentsText)}"),
            AdditionalProperties = new()
            {
                [OpenAIPropertyNames.RawArguments] = argumentsText,
                [OpenAIPropertyNames.ArgumentsError] = error,
            },
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>The arguments as text; a few servers send an object instead of the JSON string the API specifies.</summary>
    internal static string? GetArgumentsText(JsonElement function)
    {
        if (!function.TryGetProperty("arguments", out var arguments))
        {
            return null;
        }
        return arguments.ValueKind switch
        {
            JsonValueKind.String => arguments.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => arguments.GetRawText(),
        };
    }

    /// <summary>
    /// <c>prompt_tokens</c> → input, <c>completion_tokens</c> → output, <c>total_tokens</c> → total (computed when absent),
    /// <c>prompt_tokens_details.cached_tokens</c> → cached input, <c>completion_tokens_details.reasoning_tokens</c> →
    /// reasoning.
    /// </summary>
    internal static UsageDetails? ReadUsage(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var details = new UsageDetails
        {
            InputTokenCount = GetInt64(usage, "prompt_tokens"),
            OutputTokenCount = GetInt64(usage, "completion_tokens"),
            TotalTokenCount = GetInt64(usage, "total_tokens"),
        };
        details.TotalTokenCount ??= details.InputTokenCount + details.OutputTokenCount;
        if (usage.TryGetProperty("prompt_tokens_details", out var input) && input.ValueKind == JsonValueKind.Object)
        {
            details.CachedInputTokenCount = GetInt64(input, "cached_tokens");
        }
        if (usage.TryGetProperty("completion_tokens_details", out var output) && output.ValueKind == JsonValueKind.Object)
        {
            details.ReasoningTokenCount = GetInt64(output, "reasoning_tokens");
        }
        return details;
    }

    internal static ChatFinishReason? ReadFinishReason(string? reason) => reason switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    internal static JsonElement ParseBody(ReadOnlyMemory<byte> body, string endpoint)
    {
        try
        {
            return JsonElement.Parse(body.Span);
        }
        catch (JsonException exception)
        {
            var text = System.Text.Encoding.UTF8.GetString(body.Span);
            throw new OpenAIChatException($"The server at {endpoint} answered with a body that is not JSON: {Truncate(text)}", null, exception)
            {
                ResponseBody = text,
                Attempts = 1,
            };
        }
    }

    /// <summary>Some servers (and OpenAI mid-stream) report errors in a 200 response as <c>{"error": {...}}</c>.</summary>
    internal static void ThrowIfError(JsonElement root, string endpoint)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind is JsonValueKind.Object or JsonValueKind.String)
        {
            var parsed = ServerError.FromElement(root);
            throw new OpenAIChatException($"The server at {endpoint} reported an error: {parsed.Describe()}")
            {
                ServerMessage = parsed.Message,
                ErrorType = parsed.Type,
                ErrorCode = parsed.Code,
                ErrorParameter = parsed.Param,
                ResponseBody = root.GetRawText(),
                Attempts = 1,
            };
        }
    }

    internal static DateTimeOffset? GetCreated(JsonElement root) =>
        root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    internal static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    internal static long? GetInt64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    internal static string Truncate(string text, int max = 2000) => text.Length <= max ? text : text[..max] + "...";
}

/// <summary>The parts of an OpenAI error body, <c>{"error":{"message","type","code","param"}}</c>.</summary>
internal readonly record struct ServerError(string? Message, string? Type, string? Code, string? Param)
{
    public static ServerError FromBody(string body)
    {
        try
        {
            return FromElement(JsonElement.Parse(body));
        }
        catch (JsonException)
        {
            return new ServerError(string.IsNullOrWhiteSpace(body) ? null : ChatResponseReader.Truncate(body.Trim()), null, null, null);
        }
    }

    public static ServerError FromElement(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.Object)
            {
                return new ServerError(
                    ChatResponseReader.GetString(error, "message"),
                    ChatResponseReader.GetString(error, "type"),
                    error.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Number ? code.ToString() : null,
                    ChatResponseReader.GetString(error, "param"));
            }
            if (error.ValueKind == JsonValueKind.String)
            {
                return new ServerError(error.GetString(), null, null, null); // Ollama: {"error":"model not found"}
            }
        }
        if (ChatResponseReader.GetString(root, "message") is { } message)
        {
            return new ServerError(message, null, null, null);
        }
        return new ServerError(ChatResponseReader.Truncate(root.GetRawText()), null, null, null);
    }

    public string Describe()
    {
        var text = Message ?? "(no error message)";
        var details = new List<string>(3);
        if (Type is not null)
        {
            details.Add("type: " + Type);
        }
        if (Code is not null)
        {
            details.Add("code: " + Code);
        }
        if (Param is not null)
        {
            details.Add("param: " + Param);
        }
        return details.Count == 0 ? text : $"{text} ({string.Join(", ", details)})";
    }
}
