using System.Text.Json;

namespace Declarative;

/// <summary>What defines an agent for a run: name, instructions, model, tools and output schema.</summary>
public sealed class AgentDescriptor
{
    private readonly string? _outputSchemaJson;
    private JsonElement? _outputSchema;
    private readonly string? _inputSchemaJson;
    private JsonElement? _inputSchema;

    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">The agent's name.</param>
    /// <param name="instructions">Its system instructions.</param>
    /// <param name="tools">Its tools' descriptors.</param>
    /// <param name="description">What it does.</param>
    /// <param name="model">A model id or tier for <see cref="ModelRegistry"/>; null for the default.</param>
    /// <param name="outputSchemaJson">The JSON schema of its typed output, if it has one.</param>
    /// <param name="outputTypeName">The output type's name, used as the response format's name.</param>
    /// <param name="inputSchemaJson">The JSON schema of its typed input, if it has one.</param>
    /// <param name="inputTypeName">The input type's name.</param>
    public AgentDescriptor(string name, string instructions, IReadOnlyList<ToolDescriptor> tools, string? description = null,
                           string? model = null, string? outputSchemaJson = null, string? outputTypeName = null,
                           string? inputSchemaJson = null, string? inputTypeName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tools);
        Name = name;
        Instructions = instructions ?? "";
        Tools = tools;
        Description = description;
        Model = model;
        _outputSchemaJson = outputSchemaJson;
        OutputTypeName = outputTypeName;
        _inputSchemaJson = inputSchemaJson;
        InputTypeName = inputTypeName;
    }

    /// <summary>The agent's name.</summary>
    public string Name { get; }

    /// <summary>Its system instructions.</summary>
    public string Instructions { get; }

    /// <summary>What it does.</summary>
    public string? Description { get; }

    /// <summary>The model id or tier it asks for; null for the registry's default.</summary>
    public string? Model { get; }

    /// <summary>Its tools.</summary>
    public IReadOnlyList<ToolDescriptor> Tools { get; }

    /// <summary>The JSON schema of its typed output, or null for free text.</summary>
    public JsonElement? OutputSchema => _outputSchemaJson is null ? null : _outputSchema ??= JsonElement.Parse(_outputSchemaJson);

    /// <summary>The output type's name.</summary>
    public string? OutputTypeName { get; }

    /// <summary>The JSON schema of its typed input, or null when it takes a text message.</summary>
    public JsonElement? InputSchema => _inputSchemaJson is null ? null : _inputSchema ??= JsonElement.Parse(_inputSchemaJson);

    /// <summary>The input type's name, or null when it takes a text message.</summary>
    public string? InputTypeName { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
