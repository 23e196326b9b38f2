namespace Declarative;

/// <summary>
/// A set of tools a model can call: their descriptors and one entry point that reads the model's
/// JSON arguments, validates them and calls the tool. The source generator implements it for every
/// <c>partial</c> class with <see cref="ToolAttribute"/> methods.
/// </summary>
/// <remarks>
/// Implementations never throw for anything a model can send: unknown tools, malformed or invalid
/// arguments and exceptions thrown by a tool all come back as a <see cref="ToolResult"/> with
/// <see cref="ToolResult.IsError"/> set. Only cancellation requested by the caller propagates.
/// </remarks>
public interface IToolSet
{
    /// <summary>The tools of this set, in declaration order.</summary>
    IReadOnlyList<ToolDescriptor> Tools { get; }

    /// <summary>Invokes a tool with default <see cref="ToolInvocationOptions"/>.</summary>
    /// <param name="toolName">The tool's name as the model sees it.</param>
    /// <param name="utf8JsonArguments">The arguments: a UTF-8 JSON object. Empty means <c>{}</c>.</param>
    /// <param name="cancellationToken">Cancels the tool; bound to a tool's <see cref="CancellationToken"/> parameter.</param>
    /// <returns>The tool's result, or the errors that kept it from running or that it raised.</returns>
    ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments,
                                      CancellationToken cancellationToken = default);

    /// <summary>Invokes a tool with explicit limits and error-reporting options.</summary>
    /// <param name="toolName">The tool's name as the model sees it.</param>
    /// <param name="utf8JsonArguments">The arguments: a UTF-8 JSON object. Empty means <c>{}</c>.</param>
    /// <param name="options">Size limit, exception detail and other invocation options.</param>
    /// <param name="cancellationToken">Cancels the tool; bound to a tool's <see cref="CancellationToken"/> parameter.</param>
    /// <returns>The tool's result, or the errors that kept it from running or that it raised.</returns>
    ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments,
                                      ToolInvocationOptions options, CancellationToken cancellationToken = default)
        => InvokeAsync(toolName, utf8JsonArguments, cancellationToken);

    /// <summary>
    /// Reads and checks arguments exactly as <see cref="InvokeAsync(string, ReadOnlyMemory{byte}, ToolInvocationOptions, CancellationToken)"/>
    /// would, without calling the tool: for validating a plan before anything runs.
    /// </summary>
    /// <param name="toolName">The tool's name as the model sees it.</param>
    /// <param name="utf8JsonArguments">The arguments: a UTF-8 JSON object. Empty means <c>{}</c>.</param>
    /// <param name="options">Size limit and other reading options.</param>
    /// <returns>
    /// Every error with its JSON path (empty when the arguments are valid; an unknown tool is one error
    /// at <c>$</c>), or <see langword="null"/> when this set cannot check arguments without running the
    /// tool. Generated tool sets always can; the default implementation cannot.
    /// </returns>
    IReadOnlyList<ToolError>? ValidateArguments(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options)
        => null;
}
