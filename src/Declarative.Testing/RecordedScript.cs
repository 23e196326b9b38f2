using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>
/// Loads and writes <em>recorded scripts</em>: a JSON file holding a sequence of model decisions, replayed by a
/// <see cref="ScriptedChatClient"/>.
/// </summary>
/// <remarks>
/// <para>The format (UTF-8 JSON; property names are case-sensitive, unknown properties are an error):</para>
/// <code language="json">
/// {
///   "model": "gpt-4o-mini",                          // optional: the model id put on the responses
///   "responses": [                                   // required: one entry per model call, in order
///     { "toolCalls": [                               // tool calls (several = parallel calls)
///         { "id": "call_1",                          //   optional; default call_1, call_2, ... in file order
///           "name": "get_item_price",                //   required
///           "arguments": { "itemId": "x" } },        //   a JSON object, or a string holding the raw text the
///         { "name": "get_item_price",                //   model wrote (may be malformed on purpose)
///           "arguments": "{\"itemId\": \"y\"" }
///       ],
///       "usage": { "inputTokens": 120, "outputTokens": 30, "cachedInputTokens": 0 } },
///     { "text": "x costs 3 EUR.", "finishReason": "stop" },
///     { "json": { "answer": 42 } }                   // a structured output: any JSON value, sent as its text
///   ]
/// }
/// </code>
/// <para>
/// A response holds <c>text</c> or <c>json</c> (not both), <c>toolCalls</c>, or text together with tool calls; <c>usage</c>
/// (all counts optional, <c>totalTokens</c> computed when absent) and <c>finishReason</c> (<c>stop</c>, <c>length</c>,
/// <c>tool_calls</c>, <c>content_filter</c> or any other string) are optional. The file may also be just the
/// <c>responses</c> array. Comments and trailing commas are allowed. Errors name the JSON path of the fault, e.g.
/// <c>$.responses[2].toolCalls[0].name: required</c>.
/// </para>
/// </remarks>
public static class RecordedScript
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a recorded script file into a new <see cref="ScriptedChatClient"/>.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>A client that replays the file's responses in order.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid recorded script; the message names the path of the fault.</exception>
    public static ScriptedChatClient Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{path}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a recorded script from JSON text into a new <see cref="ScriptedChatClient"/>.</summary>
    /// <param name="json">The script.</param>
    /// <returns>A client that replays the script's responses in order.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid recorded script; the message names the path of the fault.</exception>
    public static ScriptedChatClient Parse(string json) => AppendTo(new ScriptedChatClient(), json);

    /// <summary>Adds the responses of a recorded script to the end of <paramref name="client"/>'s script.</summary>
    /// <param name="client">The client to extend.</param>
    /// <param name="json">The script.</param>
    /// <returns><paramref name="client"/>.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid recorded script; the message names the path of the fault.</exception>
    public static ScriptedChatClient AppendTo(ScriptedChatClient client, string json)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"$: not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement responses;
            string responsesPath;
            if (root.ValueKind == JsonValueKind.Array)
            {
                responses = root;
                responsesPath = "$";
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                CheckProperties(root, "$", "model", "responses");
                if (root.TryGetProperty("model", out var model))
                {
                    client.ModelId = RequireString(model, "$.model");
                }
                if (!root.TryGetProperty("responses", out responses))
                {
                    throw Fault("$.responses", "required");
                }
                responsesPath = "$.responses";
                if (responses.ValueKind != JsonValueKind.Array)
                {
                    throw Fault(responsesPath, $"expected an array, got {Kind(responses)}");
                }
            }
            else
            {
                throw Fault("$", $"expected an object with \"responses\" or an array of responses, got {Kind(root)}");
            }

            var steps = new List<Action>();
            var index = 0;
            foreach (var response in responses.EnumerateArray())
            {
                steps.Add(ReadResponse(client, response, $"{responsesPath}[{index++}]"));
            }
            // Only touch the client once the whole file is known to be valid.
            foreach (var step in steps)
            {
                step();
            }
        }
        return client;
    }

    /// <summary>Writes responses (for example those kept by a <see cref="RecordingChatClient"/>) in the recorded script format.</summary>
    /// <param name="responses">The responses, in order.</param>
    /// <param name="model">The model id to record, if any.</param>
    /// <returns>The script, indented JSON.</returns>
    public static string Write(IEnumerable<ChatResponse> responses, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            if (model is not null)
            {
                writer.WriteString("model", model);
            }
            writer.WriteStartArray("responses");
            foreach (var response in responses)
            {
                WriteResponse(writer, response);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteResponse(Utf8JsonWriter writer, ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        var text = response.Text;
        if (text.Length > 0)
        {
            writer.WriteString("text", text);
        }
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        if (calls.Count > 0)
        {
            writer.WriteStartArray("toolCalls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("arguments");
                if (call.Arguments is null && call.AdditionalProperties?.TryGetValue(ScriptedToolCall.RawArgumentsKey, out var raw) == true && raw is string rawText)
                {
                    writer.WriteStringValue(rawText);
                }
                else
                {
                    writer.WriteStartObject();
                    foreach (var (name, value) in call.Arguments ?? new Dictionary<string, object?>())
                    {
                        writer.WritePropertyName(name);
                        Declarative.Serialization.JsonWrite.Value(writer, value);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (response.FinishReason is { } finish && finish != ChatFinishReason.Stop && finish != ChatFinishReason.ToolCalls)
        {
            writer.WriteString("finishReason", finish.Value);
        }
        if (response.Usage is { } usage)
        {
            writer.WriteStartObject("usage");
            WriteCount(writer, "inputTokens", usage.InputTokenCount);
            WriteCount(writer, "outputTokens", usage.OutputTokenCount);
            WriteCount(writer, "totalTokens", usage.TotalTokenCount);
            WriteCount(writer, "cachedInputTokens", usage.CachedInputTokenCount);
            WriteCount(writer, "reasoningTokens", usage.ReasoningTokenCount);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is long count)
        {
            writer.WriteNumber(name, count);
        }
    }

    private static Action ReadResponse(ScriptedChatClient client, JsonElement response, string path)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            throw Fault(path, $"expected a response object, got {Kind(response)}");
        }
        CheckProperties(response, path, "text", "json", "toolCalls", "usage", "finishReason");

        string? text = null;
        if (response.TryGetProperty("text", out var textElement))
        {
            text = RequireString(textElement, path + ".text");
        }
        if (response.TryGetProperty("json", out var json))
        {
            if (text is not null)
            {
                throw Fault(path, "has both \"text\" and \"json\"; give one");
            }
            text = json.GetRawText();
        }

        var calls = new List<ScriptedToolCall>();
        if (response.TryGetProperty("toolCalls", out var toolCalls))
        {
            if (toolCalls.ValueKind != JsonValueKind.Array || toolCalls.GetArrayLength() == 0)
            {
                throw Fault(path + ".toolCalls", $"expected a non-empty array of tool calls, got {Kind(toolCalls)}");
            }
            var i = 0;
            foreach (var call in toolCalls.EnumerateArray())
            {
                calls.Add(ReadToolCall(call, $"{path}.toolCalls[{i++}]"));
            }
        }

        if (text is null && calls.Count == 0)
        {
            throw Fault(path, "needs \"text\", \"json\" or \"toolCalls\"");
        }

        UsageDetails? usage = null;
        if (response.TryGetProperty("usage", out var usageElement))
        {
            usage = ReadUsage(usageElement, path + ".usage");
        }
        ChatFinishReason? finishReason = null;
        if (response.TryGetProperty("finishReason", out var finish))
        {
            finishReason = new ChatFinishReason(RequireString(finish, path + ".finishReason"));
        }

        return () =>
        {
            if (calls.Count == 0)
            {
                client.ThenText(text!);
            }
            else
            {
                if (text is null)
                {
                    client.ThenToolCalls([.. calls]);
                }
                else
                {
                    client.ThenTextAndToolCalls(text, [.. calls]);
                }
            }
            if (usage is not null)
            {
                client.WithUsage(usage);
            }
            if (finishReason is { } reason)
            {
                client.WithFinishReason(reason);
            }
        };
    }

    private static ScriptedToolCall ReadToolCall(JsonElement call, string path)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            throw Fault(path, $"expected a tool call object, got {Kind(call)}");
        }
        CheckProperties(call, path, "id", "name", "arguments");
        if (!call.TryGetProperty("name", out var nameElement))
        {
            throw Fault(path + ".name", "required");
        }
        var name = RequireString(nameElement, path + ".name");
        if (name.Length == 0)
        {
            throw Fault(path + ".name", "must not be empty");
        }
        string? id = null;
        if (call.TryGetProperty("id", out var idElement))
        {
            id = RequireString(idElement, path + ".id");
        }
        object? arguments = null;
        if (call.TryGetProperty("arguments", out var argumentsElement))
        {
            arguments = argumentsElement.ValueKind switch
            {
                JsonValueKind.Object => argumentsElement.Clone(),
                JsonValueKind.String => argumentsElement.GetString(),
                JsonValueKind.Null => null,
                _ => throw Fault(path + ".arguments", $"expected an object or a string of raw JSON text, got {Kind(argumentsElement)}"),
            };
        }
        return new ScriptedToolCall(name, arguments, id);
    }

    private static UsageDetails ReadUsage(JsonElement usage, string path)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            throw Fault(path, $"expected an object, got {Kind(usage)}");
        }
        CheckProperties(usage, path, "inputTokens", "outputTokens", "totalTokens", "cachedInputTokens", "reasoningTokens");
        var details = new UsageDetails
        {
            InputTokenCount = ReadCount(usage, "inputTokens", path),
            OutputTokenCount = ReadCount(usage, "outputTokens", path),
            TotalTokenCount = ReadCount(usage, "totalTokens", path),
            CachedInputTokenCount = ReadCount(usage, "cachedInputTokens", path),
            ReasoningTokenCount = ReadCount(usage, "reasoningTokens", path),
        };
        details.TotalTokenCount ??= (details.InputTokenCount ?? 0) + (details.OutputTokenCount ?? 0);
        return details;
    }

    private static long? ReadCount(JsonElement usage, string name, string path)
    {
        if (!usage.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count) || count < 0)
        {
            throw Fault($"{path}.{name}", $"expected a non-negative integer, got {Kind(value)} {value.GetRawText()}");
        }
        return count;
    }

    private static void CheckProperties(JsonElement element, string path, params string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                var hint = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(k.Replace("Tokens", "_tokens", StringComparison.Ordinal), property.Name, StringComparison.OrdinalIgnoreCase));
                throw Fault($"{path}.{property.Name}", "unknown property" + (hint is null ? $"; expected one of {string.Join(", ", known)}" : $"; did you mean \"{hint}\"?"));
            }
        }
    }

    private static string RequireString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Fault(path, $"expected a string, got {Kind(element)}");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static InvalidDataException Fault(string path, string message) => new($"{path}: {message}");
}
