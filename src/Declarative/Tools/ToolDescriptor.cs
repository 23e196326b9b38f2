using System.Text.Json;

namespace Declarative;

/// <summary>What a model is told about one tool: its name, description and JSON schemas.</summary>
/// <remarks>
/// Generated code creates descriptors from constant schema text; the <see cref="JsonElement"/>
/// views are parsed once, on first use.
/// </remarks>
public sealed class ToolDescriptor
{
    private readonly string _parametersSchemaJson;
    private readonly string? _returnSchemaJson;
    private readonly string? _strictParametersSchemaJson;
    private JsonElement? _parametersSchema;
    private JsonElement? _strictParametersSchema;
    private JsonElement? _returnSchema;

    /// <summary>Creates a descriptor. Called by generated code; schemas must be valid JSON objects.</summary>
    /// <param name="name">The tool name (<c>^[a-zA-Z0-9_-]{1,64}$</c>).</param>
    /// <param name="description">What the tool does, for the model.</param>
    /// <param name="parametersSchemaJson">The JSON schema of the arguments object.</param>
    /// <param name="returnSchemaJson">The JSON schema of the result, or <see langword="null"/> for none.</param>
    /// <param name="requiresApproval">Each call must be approved before it runs.</param>
    /// <param name="readOnly">The tool has no side effects.</param>
    /// <param name="strictParametersSchemaJson">The strict variant of the arguments schema, when one exists.</param>
    public ToolDescriptor(string name, string description, string parametersSchemaJson, string? returnSchemaJson,
                          bool requiresApproval = false, bool readOnly = false, string? strictParametersSchemaJson = null)
    {
        _strictParametersSchemaJson = strictParametersSchemaJson;
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parametersSchemaJson);
        Name = name;
        Description = description ?? "";
        _parametersSchemaJson = parametersSchemaJson;
        _returnSchemaJson = returnSchemaJson;
        RequiresApproval = requiresApproval;
        ReadOnly = readOnly;
    }

    /// <summary>The tool name the model uses.</summary>
    public string Name { get; }

    /// <summary>What the tool does, for the model (may be empty).</summary>
    public string Description { get; }

    /// <summary>The JSON schema of the arguments object.</summary>
    public JsonElement ParametersSchema => _parametersSchema ??= JsonElement.Parse(_parametersSchemaJson);

    /// <summary>The JSON schema of the result, or <see langword="null"/> when the tool returns nothing.</summary>
    public JsonElement? ReturnSchema => _returnSchemaJson is null ? null : _returnSchema ??= JsonElement.Parse(_returnSchemaJson);

    /// <summary>The arguments schema as compact JSON text, exactly as generated.</summary>
    public string ParametersSchemaJson => _parametersSchemaJson;

    /// <summary>
    /// The strict variant of the arguments schema (every object closed, every property required,
    /// optional ones as a null union), for providers' strict function calling; null when the tool's
    /// types cannot be strict (dictionaries, "any" values, recursion). Invoke with
    /// <see cref="ToolInvocationOptions.NullMeansDefault"/> when the model was given this schema.
    /// </summary>
    public JsonElement? StrictParametersSchema => _strictParametersSchemaJson is null ? null : _strictParametersSchema ??= JsonElement.Parse(_strictParametersSchemaJson);

    /// <summary>The strict arguments schema as JSON text, or null.</summary>
    public string? StrictParametersSchemaJson => _strictParametersSchemaJson;

    /// <summary>The result schema as compact JSON text, or <see langword="null"/>.</summary>
    public string? ReturnSchemaJson => _returnSchemaJson;

    /// <summary>A person (or policy) must approve each call before it runs.</summary>
    public bool RequiresApproval { get; }

    /// <summary>The tool has no side effects: safe to run in parallel and to cache.</summary>
    public bool ReadOnly { get; }

    /// <summary>
    /// The arguments marked <see cref="SensitiveAttribute"/>, as JSON paths into the arguments object
    /// (<c>$.cardNumber</c>, <c>$.customer.email</c>): redacted from traces, logs and telemetry content.
    /// Set by generated code.
    /// </summary>
    public IReadOnlyList<string> SensitiveArguments
    {
        get => _sensitiveArguments;
        init
        {
            _sensitiveArguments = value ?? [];
            HasSensitiveArguments = _sensitiveArguments.Count > 0;
        }
    }

    private readonly IReadOnlyList<string> _sensitiveArguments = [];

    // Read on every call the runner records: a field, not an interface call on the list.
    internal bool HasSensitiveArguments { get; private init; }

    /// <summary>Whether the tool's result is marked <see cref="SensitiveAttribute"/> (redacted from traces, logs and telemetry content). Set by generated code.</summary>
    public bool SensitiveResult { get; init; }

    // Set for a specialist agent's tool (AgentTool.Create): the runner runs it as a nested run.
    internal Orchestration.SpecialistTool? Specialist { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
