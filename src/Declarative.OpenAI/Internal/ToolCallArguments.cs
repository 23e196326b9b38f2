using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// Settles a tool call the adapter has parsed against the arguments text as the model sent it, so that a call's
/// arguments are either a usable object or a clear, non-throwing error.
/// </summary>
/// <remarks>
/// The adapter already returns unparseable arguments as <see cref="FunctionCallContent.Exception"/> with
/// <see cref="FunctionCallContent.Arguments"/> <see langword="null"/>. On top of that: empty arguments (sent by some
/// servers for a tool without parameters) mean no arguments rather than an error; valid JSON that is not an object
/// (<c>null</c>, an array, a string) is an error too; and the raw text and the reason are kept in
/// <see cref="OpenAIPropertyNames.RawArguments"/> and <see cref="OpenAIPropertyNames.ArgumentsError"/>, which the
/// Declarative runtime hands to the tool's generated reader so the model hears exactly what was wrong.
/// </remarks>
internal static class ToolCallArguments
{
    public static void Settle(FunctionCallContent call, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            call.Arguments = new Dictionary<string, object?>();
            call.Exception = null;
            return;
        }
        if (call.Arguments is not null && call.Exception is null)
        {
            return; // a JSON object, parsed
        }

        string error;
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                // Valid after all (the adapter's parser is stricter about some edge, such as duplicate names).
                var arguments = new Dictionary<string, object?>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
                call.Arguments = arguments;
                call.Exception = null;
                return;
            }
            error = $"arguments must be a JSON object, but got {Describe(document.RootElement.ValueKind)}";
        }
        catch (JsonException exception)
        {
            error = "arguments are not valid JSON: " + exception.Message;
        }

        call.Arguments = null;
        call.Exception = new InvalidDataException(
            $"The model called tool '{call.Name}' (call {call.CallId}) with unusable arguments: {error}. Arguments as sent: {ServerError.Truncate(raw)}",
            call.Exception?.InnerException ?? call.Exception);
        call.AdditionalProperties ??= [];
        call.AdditionalProperties[OpenAIPropertyNames.RawArguments] = raw;
        call.AdditionalProperties[OpenAIPropertyNames.ArgumentsError] = error;
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
}
