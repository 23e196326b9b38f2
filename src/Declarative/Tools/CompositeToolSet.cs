namespace Declarative;

/// <summary>
/// Several tool sets as one: the union of their tools, each call routed to the set that owns the name.
/// Generated agents use generated routing instead; this is for sets combined at run time.
/// </summary>
public sealed class CompositeToolSet : IToolSet
{
    private readonly Dictionary<string, IToolSet> _owners = new(StringComparer.Ordinal);
    private readonly ToolDescriptor[] _tools;
    private readonly string[] _names;

    /// <summary>Combines tool sets.</summary>
    /// <param name="toolSets">The sets; two tools with one name are an error.</param>
    /// <exception cref="ArgumentException">Two tools share a name.</exception>
    public CompositeToolSet(params IToolSet[] toolSets)
    {
        ArgumentNullException.ThrowIfNull(toolSets);
        var tools = new List<ToolDescriptor>();
        foreach (var set in toolSets)
        {
            ArgumentNullException.ThrowIfNull(set);
            foreach (var tool in set.Tools)
            {
                if (!_owners.TryAdd(tool.Name, set))
                {
                    throw new ArgumentException($"Two tools are named '{tool.Name}'; tool names must be unique within an agent.", nameof(toolSets));
                }
                tools.Add(tool);
            }
        }
        _tools = [.. tools];
        _names = [.. tools.Select(t => t.Name)];
    }

    /// <inheritdoc/>
    public IReadOnlyList<ToolDescriptor> Tools => _tools;

    /// <inheritdoc/>
    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        => InvokeAsync(toolName, utf8JsonArguments, ToolInvocationOptions.Default, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options, CancellationToken cancellationToken = default)
        => toolName is not null && _owners.TryGetValue(toolName, out var owner)
            ? owner.InvokeAsync(toolName, utf8JsonArguments, options, cancellationToken)
            : new(ToolResult.UnknownTool(toolName, _names));

    /// <inheritdoc/>
    public IReadOnlyList<ToolError>? ValidateArguments(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options)
        => toolName is not null && _owners.TryGetValue(toolName, out var owner)
            ? owner.ValidateArguments(toolName, utf8JsonArguments, options)
            : ToolResult.UnknownTool(toolName, _names).Errors;
}
