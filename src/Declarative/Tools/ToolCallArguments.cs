using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// How a chat client hands a model's tool-call arguments to an agent: parsed into a
/// <see cref="FunctionCallContent"/>, or, when they are not a JSON object, marked as unusable with the reason
/// and the raw text kept, so the generated reader can tell the model exactly what is wrong.
/// </summary>
/// <remarks>
/// Chat clients that follow Microsoft.Extensions.AI report unusable arguments by setting
/// <see cref="FunctionCallContent.Exception"/> and leaving <see cref="FunctionCallContent.Arguments"/> null;
/// <c>AgentRunner</c> never runs such a call. Clients that also keep the raw text under
/// <see cref="RawArgumentsKey"/> get a path-addressed error from the tool's reader instead of the parse message.
/// </remarks>
public static class ToolCallArguments
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of the raw argument text of an unusable call.</summary>
    public const string RawArgumentsKey = "declarative.rawArguments";

    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of why the arguments were unusable.</summary>
    public const string ArgumentsErrorKey = "declarative.argumentsError";

    // Exception messages quote the raw text up to this length; AdditionalProperties keep all of it.
    private const int QuotedLimit = 2000;

    /// <summary>Parses the model's argument text into a function call.</summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="name">The tool the model named.</param>
    /// <param name="argumentsText">The arguments as the model wrote them; null or blank means none.</param>
    /// <returns>
    /// A call with its arguments as <see cref="JsonElement"/>s; or, for text that is not a JSON object, a call with
    /// <see cref="FunctionCallContent.Arguments"/> null, an <see cref="InvalidDataException"/> in
    /// <see cref="FunctionCallContent.Exception"/>, and the raw text and the reason under <see cref="RawArgumentsKey"/>
    /// and <see cref="ArgumentsErrorKey"/>.
    /// </returns>
    public static FunctionCallContent Parse(string callId, string name, string? argumentsText)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(name);
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
            error = "arguments must be a JSON object, but got " + Describe(document.RootElement.ValueKind);
        }
        catch (JsonException exception)
        {
            error = "arguments are not valid JSON: " + exception.Message;
        }

        var quoted = argumentsText.Length <= QuotedLimit ? argumentsText : argumentsText[..QuotedLimit] + "...";
        return new FunctionCallContent(callId, name, arguments: null)
        {
            Exception = new InvalidDataException($"The model called tool '{name}' (call {callId}) with unusable arguments: {error}. Arguments as sent: {quoted}"),
            AdditionalProperties = new()
            {
                [RawArgumentsKey] = argumentsText,
                [ArgumentsErrorKey] = error,
            },
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
