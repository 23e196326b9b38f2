namespace Declarative;

/// <summary>Limits and error-reporting choices for one tool invocation.</summary>
public sealed record ToolInvocationOptions
{
    /// <summary>The defaults: 1 MiB of arguments, depth 64, no exception details.</summary>
    public static ToolInvocationOptions Default { get; } = new();

    /// <summary>
    /// Arguments longer than this many UTF-8 bytes are refused before any parsing. Default 1 MiB.
    /// </summary>
    public int MaxArgumentBytes { get; init; } = 1024 * 1024;

    /// <summary>The deepest nesting of JSON objects and arrays accepted. Default 64, as System.Text.Json.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// When a tool throws, include the exception's type and stack trace in the error message.
    /// Off by default: models (and the people reading their transcripts) should not see internals.
    /// </summary>
    public bool IncludeExceptionDetails { get; init; }

    /// <summary>
    /// Read JSON null for an optional, non-nullable parameter or property as "not sent" (its default).
    /// Strict schemas make every property required and send optional ones as null; turn this on when
    /// the model was given <see cref="ToolDescriptor.StrictParametersSchema"/>. Off by default.
    /// </summary>
    public bool NullMeansDefault { get; init; }
}
