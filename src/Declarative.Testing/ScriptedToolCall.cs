using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Declarative.Testing;

/// <summary>One tool call in a scripted response.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">
/// The arguments: an object serialized to JSON (an anonymous object, a dictionary, a <see cref="JsonElement"/> or a
/// <see cref="JsonNode"/>), or a <see cref="string"/> taken as the raw JSON text the model "wrote", which may be
/// deliberately malformed to test how the agent copes. <see langword="null"/> means no arguments.
/// </param>
/// <param name="CallId">The call id; <see langword="null"/> gives <c>call_1</c>, <c>call_2</c>, ... in script order.</param>
public sealed record ScriptedToolCall(string Name, object? Arguments = null, string? CallId = null)
{
    /// <summary>Keys under which a call whose arguments are not a JSON object carries the raw text and the reason.</summary>
    /// <remarks>The same keys and conventions as <c>Declarative.OpenAI.OpenAIChatClient</c>, so agents see scripted and real malformed calls alike.</remarks>
    public const string RawArgumentsKey = ToolCallArguments.RawArgumentsKey;

    /// <inheritdoc cref="RawArgumentsKey"/>
    public const string ArgumentsErrorKey = ToolCallArguments.ArgumentsErrorKey;

    /// <summary>
    /// Builds the <see cref="FunctionCallContent"/> an OpenAI-compatible client would produce: arguments as a dictionary
    /// of <see cref="JsonElement"/>s; arguments that are not a JSON object give <see cref="FunctionCallContent.Arguments"/>
    /// <see langword="null"/>, an <see cref="InvalidDataException"/> in <see cref="FunctionCallContent.Exception"/>,
    /// and the raw text and the reason in <c>AdditionalProperties</c> under <see cref="RawArgumentsKey"/> and
    /// <see cref="ArgumentsErrorKey"/>.
    /// </summary>
    internal FunctionCallContent ToContent(string callId)
    {
        string text;
        switch (Arguments)
        {
            case null:
                return new FunctionCallContent(callId, Name, new Dictionary<string, object?>());
            case string raw:
                text = raw;
                break;
            case JsonElement element:
                text = element.GetRawText();
                break;
            case JsonNode node:
                text = node.ToJsonString();
                break;
            default:
                text = JsonSerializer.Serialize(Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(Arguments.GetType()));
                break;
        }
        return Parse(callId, Name, text);
    }

    internal static FunctionCallContent Parse(string callId, string name, string text) => ToolCallArguments.Parse(callId, name, text);
}
