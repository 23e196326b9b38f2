using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace Declarative.OpenAI.Internal;

/// <summary>What a call needs besides its messages and options.</summary>
internal readonly record struct RequestSettings(bool StrictTools, bool StrictResponse, bool UseMaxCompletionTokens);

/// <summary>
/// The few changes made to a call before the Microsoft.Extensions.AI.OpenAI adapter writes it, for what the adapter
/// does differently from what this package promises.
/// </summary>
/// <remarks>
/// <para>
/// The adapter writes every function with its <see cref="AIFunctionDeclaration.JsonSchema"/> rewritten (closed, every
/// property required) and turns a call-wide <c>"strict": true</c> on for every function alike. Declarative's generated
/// tools carry their own strict variant instead, and a tool without one must stay non-strict or OpenAI rejects the
/// request; so functions are written here, through <see cref="ChatOptions.RawRepresentationFactory"/>, with their
/// schemas exactly as given. A function that carries the adapter's own <c>"strict"</c> property is left to the adapter.
/// </para>
/// <para>
/// Also written here: <c>max_tokens</c> for servers other than OpenAI (the adapter always writes
/// <c>max_completion_tokens</c>, which older compatible servers ignore), and a JSON-schema response format with a name
/// the API accepts, its schema as given, and <c>strict</c> as configured.
/// </para>
/// </remarks>
internal static class ChatRequestShaping
{
    /// <summary>The adapter's serializer settings without the indentation.</summary>
    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private static readonly BinaryData EmptyObjectSchema = BinaryData.FromString("""{"type":"object","properties":{}}""");

    public static ChatOptions? ShapeOptions(ChatOptions? options, RequestSettings settings)
    {
        if (options is null)
        {
            return null;
        }

        List<AIFunctionDeclaration>? functions = null;
        List<AITool>? otherTools = null;
        if (options.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                if (tool is AIFunctionDeclaration function && !HasAdapterStrict(function))
                {
                    (functions ??= []).Add(function);
                }
                else
                {
                    (otherTools ??= []).Add(tool);
                }
            }
        }
        var maxTokens = settings.UseMaxCompletionTokens ? null : options.MaxOutputTokens;
        var schemaFormat = options.ResponseFormat is ChatResponseFormatJson { Schema: not null } json ? json : null;
        if (functions is null && maxTokens is null && schemaFormat is null)
        {
            return options;
        }

        // Everything taken out of the options here is written into the adapter's request instead.
        var shaped = options.Clone();
        if (functions is not null)
        {
            shaped.Tools = otherTools;
        }
        if (maxTokens is not null)
        {
            shaped.MaxOutputTokens = null;
        }
        if (schemaFormat is not null)
        {
            shaped.ResponseFormat = null;
        }

        var callersFactory = options.RawRepresentationFactory;
        shaped.RawRepresentationFactory = client =>
        {
            var request = callersFactory?.Invoke(client) as OpenAIChat.ChatCompletionOptions ?? new OpenAIChat.ChatCompletionOptions();
            if (functions is not null)
            {
                foreach (var function in functions)
                {
                    request.Tools.Add(ToChatTool(function, settings.StrictTools));
                }
                request.ToolChoice ??= ToToolChoice(options.ToolMode);
                request.AllowParallelToolCalls ??= options.AllowMultipleToolCalls;
            }
            if (maxTokens is int max && request.MaxOutputTokenCount is null)
            {
#pragma warning disable SCME0001 // JsonPatch is experimental; it is how the OpenAI package lets a caller add a field it does not model.
                request.Patch.Set("$.max_tokens"u8, max);
#pragma warning restore SCME0001
            }
            if (schemaFormat is not null)
            {
                request.ResponseFormat ??= OpenAIChat.ChatResponseFormat.CreateJsonSchemaFormat(
                    SchemaName(schemaFormat.SchemaName),
                    ToBinaryData(schemaFormat.Schema!.Value),
                    string.IsNullOrEmpty(schemaFormat.SchemaDescription) ? null : schemaFormat.SchemaDescription,
                    settings.StrictResponse);
            }
            return request;
        };
        return shaped;
    }

    /// <summary>
    /// The history as the adapter should see it. The adapter writes tool-call arguments and non-text tool results with
    /// <see cref="AIJsonUtilities.DefaultOptions"/>, which indent: every call and result in the history would cost the
    /// indentation's tokens on every later request. So arguments and results are written compactly here: an assistant
    /// message with tool calls goes as an OpenAI message built here (its text, calls and refusal), and a tool result that
    /// is not a string as its compact JSON text. A call whose arguments could not be used goes back as <c>{}</c> (the
    /// adapter would write <c>null</c>, and compatible servers that parse the history reject malformed text); a result
    /// that is only an exception goes back as <c>Error: message</c>.
    /// </summary>
    public static IEnumerable<ChatMessage> ShapeHistory(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        List<ChatMessage>? shaped = null;
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i];
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            var needsShaping = NeedsShaping(message);
            if (shaped is null && needsShaping)
            {
                shaped = new List<ChatMessage>(list.Count);
                for (var j = 0; j < i; j++)
                {
                    shaped.Add(list[j]);
                }
            }
            shaped?.Add(needsShaping ? Shape(message) : message);
        }
        return shaped ?? list;
    }

    private static bool NeedsShaping(ChatMessage message)
    {
        if (message.RawRepresentation is OpenAIChat.ChatMessage)
        {
            return false; // the adapter sends it as it is
        }
        foreach (var content in message.Contents)
        {
            if ((content is FunctionCallContent && message.Role == ChatRole.Assistant) || content is FunctionResultContent { Result: not string })
            {
                return true;
            }
        }
        return false;
    }

    private static ChatMessage Shape(ChatMessage message)
    {
        var copy = message.Clone();
        if (message.Role == ChatRole.Assistant)
        {
            copy.RawRepresentation = ToAssistantMessage(message);
            return copy;
        }
        copy.Contents = [.. message.Contents.Select(static content => content is FunctionResultContent { Result: not string } result
            ? new FunctionResultContent(result.CallId, ResultText(result)) { Exception = result.Exception }
            : content)];
        return copy;
    }

    private static OpenAIChat.AssistantChatMessage ToAssistantMessage(ChatMessage message)
    {
        var calls = new List<OpenAIChat.ChatToolCall>();
        var text = new StringBuilder();
        string? refusal = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    calls.Add(OpenAIChat.ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromBytes(ArgumentsJson(call.Arguments))));
                    break;
                case TextContent { Text.Length: > 0 } part:
                    text.Append(part.Text);
                    break;
                case ErrorContent { ErrorCode: "Refusal" } error:
                    refusal = error.Message;
                    break;
            }
        }
        var assistant = new OpenAIChat.AssistantChatMessage(calls) { Refusal = refusal, ParticipantName = ParticipantName(message.AuthorName) };
        if (text.Length > 0)
        {
            assistant.Content.Add(OpenAIChat.ChatMessageContentPart.CreateTextPart(text.ToString()));
        }
        return assistant;
    }

    private static byte[] ArgumentsJson(IDictionary<string, object?>? arguments) =>
        arguments is null || arguments.Count == 0
            ? "{}"u8.ToArray()
            : JsonSerializer.SerializeToUtf8Bytes(arguments, CompactJson.GetTypeInfo(typeof(IDictionary<string, object?>)));

    /// <summary>A tool result as the text of a tool message.</summary>
    internal static string ResultText(FunctionResultContent result)
    {
        switch (result.Result)
        {
            case null:
                return result.Exception is { } exception ? "Error: " + exception.Message : "";
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                return "";
            case JsonElement element:
                return element.GetRawText();
            case TextContent text:
                return text.Text;
            case IEnumerable<AIContent> contents:
                return string.Concat(contents.OfType<TextContent>().Select(static t => t.Text));
            case var other:
                try
                {
                    return JsonSerializer.Serialize(other, CompactJson.GetTypeInfo(typeof(object)));
                }
                catch (NotSupportedException)
                {
                    return other.ToString() ?? "";
                }
        }
    }

    /// <summary>The API wants <c>^[a-zA-Z0-9_]{1,64}$</c> for a participant name; anything else is left out.</summary>
    private static string? ParticipantName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var kept = new string([.. name.Where(static c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
        return kept.Length == 0 ? null : kept.Length > 64 ? kept[..64] : kept;
    }

    private static bool HasAdapterStrict(AIFunctionDeclaration function) =>
        function.AdditionalProperties.TryGetValue(OpenAIPropertyNames.Strict, out var value) && value is bool
        && !function.AdditionalProperties.ContainsKey(OpenAIPropertyNames.StrictParametersSchema);

    private static OpenAIChat.ChatTool ToChatTool(AIFunctionDeclaration function, bool strict)
    {
        var strictSchema = strict ? GetStrictSchema(function) : null;
        var parameters = strictSchema is { } schema ? ToBinaryData(schema)
            : function.JsonSchema.ValueKind == JsonValueKind.Object ? ToBinaryData(function.JsonSchema)
            : EmptyObjectSchema;
        return OpenAIChat.ChatTool.CreateFunctionTool(
            function.Name,
            string.IsNullOrEmpty(function.Description) ? null : function.Description,
            parameters,
            strictSchema is null ? null : true);
    }

    private static BinaryData ToBinaryData(JsonElement element) => BinaryData.FromBytes(JsonMarshal.GetRawUtf8Value(element).ToArray());

    /// <summary>The strict variant of a function's parameters schema (<see cref="OpenAIPropertyNames.StrictParametersSchema"/>), if it has one.</summary>
    private static JsonElement? GetStrictSchema(AIFunctionDeclaration function)
    {
        if (!function.AdditionalProperties.TryGetValue(OpenAIPropertyNames.StrictParametersSchema, out var value) || value is null)
        {
            return null;
        }
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return element;
            case JsonDocument { RootElement.ValueKind: JsonValueKind.Object } document:
                return document.RootElement;
            case JsonObject node:
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
        }
        throw new ArgumentException(
            $"The strict parameters schema of tool '{function.Name}' ({OpenAIPropertyNames.StrictParametersSchema}) must be a JSON object schema, given as a JsonElement or a JSON string.");
    }

    private static OpenAIChat.ChatToolChoice? ToToolChoice(ChatToolMode? mode) => mode switch
    {
        NoneChatToolMode => OpenAIChat.ChatToolChoice.CreateNoneChoice(),
        AutoChatToolMode => OpenAIChat.ChatToolChoice.CreateAutoChoice(),
        RequiredChatToolMode { RequiredFunctionName: null } => OpenAIChat.ChatToolChoice.CreateRequiredChoice(),
        RequiredChatToolMode required => OpenAIChat.ChatToolChoice.CreateFunctionChoice(required.RequiredFunctionName),
        _ => null,
    };

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
