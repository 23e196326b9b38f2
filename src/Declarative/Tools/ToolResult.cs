using System.Text;
using System.Text.Json;

namespace Declarative;

/// <summary>The outcome of a tool call: a JSON value, or the errors that a model can act on.</summary>
public sealed class ToolResult
{
    private static readonly byte[] NullJson = "null"u8.ToArray();
    private readonly ReadOnlyMemory<byte> _utf8Json;
    private JsonElement? _value;
    private bool _parsed;

    private ToolResult(ReadOnlyMemory<byte> utf8Json, IReadOnlyList<ToolError> errors, bool isError, bool isToolFailure = false)
    {
        _utf8Json = utf8Json;
        Errors = errors;
        IsError = isError;
        IsToolFailure = isToolFailure;
    }

    /// <summary>
    /// Whether the arguments were accepted and the tool itself failed (it threw). Such a failure may
    /// pass on a retry; refused arguments or an unknown tool never will.
    /// </summary>
    public bool IsToolFailure { get; }

    /// <summary>Whether the call failed: its arguments were refused, the tool was unknown, or it threw.</summary>
    public bool IsError { get; }

    /// <summary>The errors, each with the JSON path it concerns; empty on success.</summary>
    public IReadOnlyList<ToolError> Errors { get; }

    /// <summary>
    /// The tool's return value as JSON; <see langword="null"/> for tools that return nothing and for errors.
    /// Parsed on first access from <see cref="Utf8Json"/>.
    /// </summary>
    public JsonElement? Value
    {
        get
        {
            if (!_parsed)
            {
                _value = IsError || _utf8Json.Span.SequenceEqual(NullJson) ? null : JsonElement.Parse(_utf8Json.Span);
                _parsed = true;
            }
            return _value;
        }
    }

    /// <summary>The result exactly as written: compact UTF-8 JSON (<c>null</c> for void tools and errors).</summary>
    public ReadOnlyMemory<byte> Utf8Json => IsError ? NullJson : _utf8Json;

    /// <summary>
    /// The text to send back to a model: the JSON result on success, or one line per error
    /// (<c>$.path: message</c>) on failure.
    /// </summary>
    public override string ToString() => IsError
        ? string.Join("\n", Errors.Select(static e => e.ToString()))
        : Encoding.UTF8.GetString(_utf8Json.Span);

    /// <summary>A successful result carrying compact UTF-8 JSON written by generated code.</summary>
    /// <param name="utf8Json">The result's JSON; the caller gives up ownership of the buffer.</param>
    public static ToolResult Success(ReadOnlyMemory<byte> utf8Json) => new(utf8Json, [], isError: false);

    /// <summary>The successful result of a tool that returns nothing (its JSON is <c>null</c>).</summary>
    public static ToolResult Void { get; } = new(NullJson, [], isError: false);

    /// <summary>A failed result with the given errors.</summary>
    /// <param name="errors">At least one error.</param>
    public static ToolResult Failure(IReadOnlyList<ToolError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }
        return new(NullJson, errors, isError: true);
    }

    /// <summary>A failed result with one error.</summary>
    /// <param name="path">The JSON path the error concerns (<c>$</c> for the whole call).</param>
    /// <param name="message">What is wrong.</param>
    public static ToolResult Failure(string path, string message) => Failure([new ToolError(path, message)]);

    /// <summary>The result for a tool name that is not in the set; the message lists the tools that are.</summary>
    /// <param name="toolName">The name the model asked for.</param>
    /// <param name="available">The names of the tools that exist.</param>
    public static ToolResult UnknownTool(string? toolName, IReadOnlyList<string> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var hint = Serialization.NameSuggester.Suggest(toolName ?? "", available);
        var message = $"unknown tool '{toolName}'" + (hint is null ? "." : $"; did you mean '{hint}'?")
            + " Available tools: " + (available.Count == 0 ? "(none)" : string.Join(", ", available)) + ".";
        return Failure("$", message);
    }

    /// <summary>The result for a tool that threw; details only when <paramref name="options"/> allow.</summary>
    /// <param name="toolName">The tool that failed.</param>
    /// <param name="exception">What it threw.</param>
    /// <param name="options">Whether to include the exception type and stack trace.</param>
    public static ToolResult FromException(string toolName, Exception exception, ToolInvocationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = $"tool '{toolName}' failed: {exception.Message}";
        if (options?.IncludeExceptionDetails == true)
        {
            message += "\n" + exception;
        }
        return new(NullJson, [new ToolError("$", message)], isError: true, isToolFailure: true);
    }
}
