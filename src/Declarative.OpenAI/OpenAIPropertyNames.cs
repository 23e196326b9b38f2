namespace Declarative.OpenAI;

/// <summary>
/// Keys of <c>AdditionalProperties</c> entries that <see cref="OpenAIChatClient"/> reads from tools and options or
/// writes on the content it returns.
/// </summary>
public static class OpenAIPropertyNames
{
    /// <summary>
    /// On an <see cref="Microsoft.Extensions.AI.AIFunctionDeclaration"/>: the strict variant of its parameters schema
    /// (a <see cref="System.Text.Json.JsonElement"/> or a JSON string), used when strict tool schemas are on.
    /// </summary>
    public const string StrictParametersSchema = "declarative.strictParametersSchema";

    /// <summary>
    /// On <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/>: <see langword="true"/> or
    /// <see langword="false"/> to turn strict tool and response schemas on or off for one call.
    /// </summary>
    public const string Strict = "strict";

    /// <summary>
    /// On a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/> whose arguments could not be read as a JSON object:
    /// the arguments text exactly as the model sent it (a <see cref="string"/>). The same key as
    /// <see cref="ToolCallArguments.RawArgumentsKey"/>, which every Declarative chat client writes.
    /// </summary>
    public const string RawArguments = ToolCallArguments.RawArgumentsKey;

    /// <summary>
    /// On a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/> whose arguments could not be read as a JSON object:
    /// why, as a <see cref="string"/> fit to show the model (for example
    /// <c>arguments are not valid JSON: Expected depth to be zero at the end of the JSON payload. ...</c>). The same
    /// key as <see cref="ToolCallArguments.ArgumentsErrorKey"/>.
    /// </summary>
    public const string ArgumentsError = ToolCallArguments.ArgumentsErrorKey;
}
