using System.Text;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>
/// Checks a whole plan against a tool set before any step runs: its structure, ids, tools, each step's
/// arguments (with the tool's own generated reader, so the errors are exactly the ones a call would
/// get), references (the step exists, is not the step itself, the pointer exists in the referenced
/// tool's return schema, and the value it selects fits the parameter), cycles and limits.
/// </summary>
/// <remarks>
/// Never throws for any input: everything wrong becomes a <see cref="ToolError"/> with a JSON path.
/// Thread-safe. Tool sets that cannot check arguments without running the tool (see
/// <see cref="IToolSet.ValidateArguments"/>) have their arguments checked when the step runs instead.
/// </remarks>
public sealed partial class PlanValidator
{
    private readonly IToolSet _tools;
    private readonly Dictionary<string, ToolDescriptor> _descriptors = new(StringComparer.Ordinal);
    private readonly string[] _toolNames;
    private readonly Dictionary<string, (SchemaType Parameters, SchemaType? Result)> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private JsonElement? _schema;

    /// <summary>Creates a validator for plans over <paramref name="tools"/>.</summary>
    /// <param name="tools">The tools plans may call, and nothing else (for an agent, <see cref="IAgent.Tools"/>).</param>
    /// <param name="limits">Bounds on plans; <see cref="PlanLimits.Default"/> when null.</param>
    /// <param name="invocation">Reading limits applied to each step's arguments.</param>
    public PlanValidator(IToolSet tools, PlanLimits? limits = null, ToolInvocationOptions? invocation = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = tools;
        Limits = limits ?? PlanLimits.Default;
        Invocation = invocation ?? ToolInvocationOptions.Default;
        foreach (var tool in tools.Tools)
        {
            _descriptors.TryAdd(tool.Name, tool);
        }
        _toolNames = [.. _descriptors.Keys];
    }

    /// <summary>The tools plans may call.</summary>
    public IToolSet Tools => _tools;

    /// <summary>The bounds plans must keep to.</summary>
    public PlanLimits Limits { get; }

    /// <summary>The reading limits for arguments.</summary>
    public ToolInvocationOptions Invocation { get; }

    /// <summary>The plan's JSON schema over these tools, for a structured-output response format.</summary>
    public JsonElement Schema
    {
        get
        {
            lock (_gate)
            {
                return _schema ??= PlanSchema.Create(_tools.Tools);
            }
        }
    }

    /// <summary>Validates a plan given as JSON text.</summary>
    /// <param name="json">The plan.</param>
    public PlanValidationResult Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validate(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Validates a plan given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The plan.</param>
    public PlanValidationResult Validate(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > Limits.MaxPlanBytes)
        {
            return Fail(new ToolError("$", $"the plan is {utf8Json.Length} bytes, over the limit of {Limits.MaxPlanBytes} bytes"));
        }
        JsonElement document;
        try
        {
            // A self-contained element the plan can keep: its steps' arguments point into it.
            document = JsonElement.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = Invocation.MaxDepth + 8 });
        }
        catch (JsonException exception)
        {
            return Fail(new ToolError("$", "the plan is not valid JSON: " + exception.Message));
        }
        catch (ArgumentException exception)
        {
            return Fail(new ToolError("$", "the plan is not valid UTF-8 JSON: " + exception.Message));
        }
        if (InvalidText(document, "$") is { } textError)
        {
            return Fail(textError);
        }
        lock (_gate)
        {
            return new Run(this, document).Validate();
        }
    }

    private static PlanValidationResult Fail(ToolError error) => new(null, [error]);

    // JsonDocument checks structure, not the text inside strings: bytes that are not UTF-8 there, or an
    // escaped lone surrogate ("\ud800"), parse, and only throw when the text is read. Read it all once, here.
    private static ToolError? InvalidText(JsonElement value, string path)
    {
        const string Why = "is not valid Unicode text (bytes that are not UTF-8, or an escaped lone surrogate such as \\ud800)";
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return new ToolError(path, "a property name " + Why);
                    }
                    if (InvalidText(property.Value, JsonPath.Property(path, name)) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (InvalidText(item, JsonPath.Index(path, index++)) is { } error)
                    {
                        return error;
                    }
                }
                return null;
            case JsonValueKind.String:
                try
                {
                    _ = value.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return new ToolError(path, "the string " + Why);
                }
            default:
                return null;
        }
    }

    private (SchemaType Parameters, SchemaType? Result) SchemasOf(ToolDescriptor tool)
    {
        if (!_schemas.TryGetValue(tool.Name, out var schemas))
        {
            SchemaType parameters;
            SchemaType? result = null;
            try
            {
                parameters = SchemaNode.Root(tool.ParametersSchema);
                if (tool.ReturnSchema is { } returns)
                {
                    result = SchemaNode.Root(returns);
                }
            }
            catch (JsonException)
            {
                parameters = new SchemaType(SchemaNode.Any, nullable: true);
            }
            schemas = (parameters, result);
            _schemas[tool.Name] = schemas;
        }
        return schemas;
    }

    /// <summary>What is known about one step while the plan is checked.</summary>
    private sealed class StepDraft(int index, string path)
    {
        public int Index { get; } = index;
        public string Path { get; } = path;
        public string? Id { get; set; }
        public ToolDescriptor? Tool { get; set; }
        public JsonElement Arguments { get; set; }
        public List<(string Id, string Path)> DependsOnRaw { get; } = [];
        public List<string> DependsOn { get; } = [];
        public string? Description { get; set; }
        public List<PlanReference> References { get; } = [];
    }
}
