using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Declarative.Planning;

/// <summary>Bounds on what a plan may ask for.</summary>
public sealed record PlanLimits
{
    /// <summary>The defaults.</summary>
    public static PlanLimits Default { get; } = new();

    /// <summary>Most steps in one plan. Default 25.</summary>
    public int MaxSteps { get; init; } = 25;

    /// <summary>Most steps that may wait directly on one step. Default 16.</summary>
    public int MaxFanOut { get; init; } = 16;

    /// <summary>Largest plan text, in UTF-8 bytes, checked before parsing. Default 256 KiB.</summary>
    public int MaxPlanBytes { get; init; } = 256 * 1024;
}

/// <summary>The outcome of validating a plan: the plan, or every error with its JSON path.</summary>
public sealed class PlanValidationResult
{
    internal PlanValidationResult(Plan? plan, IReadOnlyList<ToolError> errors)
    {
        Plan = plan;
        Errors = errors;
    }

    /// <summary>Whether the plan may run.</summary>
    public bool IsValid => Plan is not null;

    /// <summary>The validated plan; null when there are errors.</summary>
    public Plan? Plan { get; }

    /// <summary>Every error found, each with its path in the plan (<c>$.steps[2].arguments.itemIds</c>).</summary>
    public IReadOnlyList<ToolError> Errors { get; }

    /// <summary>One line per error, as a model would be told.</summary>
    public override string ToString() => IsValid ? "valid" : string.Join("\n", Errors.Select(e => e.ToString()));
}

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
    private static readonly string[] StepMembers = ["id", "tool", "arguments", "dependsOn", "description"];
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

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

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

    /// <summary>One validation: the parsed document, the errors found and what is known about each step.</summary>
    private sealed class Run(PlanValidator owner, JsonElement root)
    {
        private readonly List<ToolError> _errors = [];
        private readonly List<StepDraft> _steps = [];
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public PlanValidationResult Validate()
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(new ToolError("$", $"a plan is an object {{\"steps\": [...]}}, not {JsonPath.Kind(root)}"));
            }
            JsonElement steps = default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    Error(JsonPath.Property("$", property.Name), $"'{property.Name}' appears more than once");
                }
                else if (property.NameEquals("steps"))
                {
                    steps = property.Value;
                }
                else
                {
                    Error(JsonPath.Property("$", property.Name), $"unknown property '{property.Name}'; a plan has only 'steps'");
                }
            }
            if (steps.ValueKind == JsonValueKind.Undefined)
            {
                Error("$.steps", "required property is missing");
                return Result();
            }
            if (steps.ValueKind != JsonValueKind.Array)
            {
                Error("$.steps", $"expected a list of steps, got {JsonPath.Kind(steps)}");
                return Result();
            }
            var count = steps.GetArrayLength();
            if (count == 0)
            {
                Error("$.steps", "a plan needs at least one step");
                return Result();
            }
            if (count > owner.Limits.MaxSteps)
            {
                Error("$.steps", $"the plan has {count} steps, over the limit of {owner.Limits.MaxSteps}");
                return Result();
            }

            var index = 0;
            foreach (var step in steps.EnumerateArray())
            {
                ReadStep(index++, step);
            }
            foreach (var step in _steps)
            {
                CheckDependencies(step);
                CheckArguments(step);
            }
            CheckCycles();
            CheckFanOut();
            return Result();
        }

        private PlanValidationResult Result()
        {
            if (_errors.Count > 0)
            {
                return new PlanValidationResult(null, _errors.ToArray());
            }
            var steps = _steps.Select(s => new PlanStep(s.Index, s.Id!, s.Tool!.Name, s.Arguments, s.DependsOn, s.Description, s.References)).ToArray();
            return new PlanValidationResult(new Plan(steps, root.GetRawText()), []);
        }

        private void Error(string path, string message) => _errors.Add(new ToolError(path, message));

        private void ReadStep(int index, JsonElement element)
        {
            var path = JsonPath.Index("$.steps", index);
            var draft = new StepDraft(index, path);
            _steps.Add(draft);
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"a step is an object with 'id', 'tool' and 'arguments', not {JsonPath.Kind(element)}");
                return;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            JsonElement id = default, tool = default, arguments = default, dependsOn = default, description = default;
            foreach (var property in element.EnumerateObject())
            {
                var at = JsonPath.Property(path, property.Name);
                if (!seen.Add(property.Name))
                {
                    Error(at, $"'{property.Name}' appears more than once");
                    continue;
                }
                switch (property.Name)
                {
                    case "id": id = property.Value; break;
                    case "tool": tool = property.Value; break;
                    case "arguments": arguments = property.Value; break;
                    case "dependsOn": dependsOn = property.Value; break;
                    case "description": description = property.Value; break;
                    default:
                        var hint = Serialization.NameSuggester.Suggest(property.Name, StepMembers);
                        Error(at, $"unknown property '{property.Name}'" + (hint is null ? "." : $"; did you mean '{hint}'?")
                            + " A step has 'id', 'tool', 'arguments', and optionally 'dependsOn' and 'description'.");
                        break;
                }
            }

            if (id.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".id", "required property is missing");
            }
            else if (id.ValueKind != JsonValueKind.String)
            {
                Error(path + ".id", $"expected a string, got {JsonPath.Kind(id)}");
            }
            else
            {
                var text = id.GetString()!;
                if (!IdPattern().IsMatch(text))
                {
                    Error(path + ".id", $"'{text}' is not a valid id: use 1 to 64 letters, digits, '_' or '-'");
                }
                else if (_ids.TryGetValue(text, out var first))
                {
                    Error(path + ".id", $"duplicate id '{text}'; $.steps[{first}] already has it");
                }
                else
                {
                    _ids[text] = index;
                    draft.Id = text;
                }
            }

            if (tool.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".tool", "required property is missing");
            }
            else if (tool.ValueKind != JsonValueKind.String)
            {
                Error(path + ".tool", $"expected a tool name, got {JsonPath.Kind(tool)}");
            }
            else if (owner._descriptors.TryGetValue(tool.GetString()!, out var descriptor))
            {
                draft.Tool = descriptor;
            }
            else
            {
                Error(path + ".tool", ToolResult.UnknownTool(tool.GetString(), owner._toolNames).Errors[0].Message);
            }

            if (arguments.ValueKind == JsonValueKind.Undefined)
            {
                Error(path + ".arguments", "required property is missing (use {} for a tool without arguments)");
            }
            else if (arguments.ValueKind != JsonValueKind.Object)
            {
                Error(path + ".arguments", $"expected an object, got {JsonPath.Kind(arguments)}");
            }
            else
            {
                draft.Arguments = arguments;
            }

            if (dependsOn.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in dependsOn.EnumerateArray())
                {
                    var at = JsonPath.Index(path + ".dependsOn", i++);
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        draft.DependsOnRaw.Add((item.GetString()!, at));
                    }
                    else
                    {
                        Error(at, $"expected a step id, got {JsonPath.Kind(item)}");
                    }
                }
            }
            else if (dependsOn.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                Error(path + ".dependsOn", $"expected a list of step ids, got {JsonPath.Kind(dependsOn)}");
            }

            if (description.ValueKind == JsonValueKind.String)
            {
                draft.Description = description.GetString();
            }
            else if (description.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                Error(path + ".description", $"expected a string, got {JsonPath.Kind(description)}");
            }
        }

        private void CheckDependencies(StepDraft step)
        {
            foreach (var (id, at) in step.DependsOnRaw)
            {
                if (CheckStepId(step, id, at, "dependsOn") && !step.DependsOn.Contains(id, StringComparer.Ordinal))
                {
                    step.DependsOn.Add(id);
                }
            }
        }

        // Whether a step id named by 'step' exists and is not 'step' itself; reports otherwise.
        private bool CheckStepId(StepDraft step, string id, string at, string what)
        {
            if (step.Id is not null && id == step.Id)
            {
                Error(at, $"step '{id}' cannot {(what == "dependsOn" ? "depend on" : "take a value from")} itself");
                return false;
            }
            if (!_ids.ContainsKey(id))
            {
                var hint = Serialization.NameSuggester.Suggest(id, [.. _ids.Keys]);
                Error(at, $"no step has the id '{id}'" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                return false;
            }
            return true;
        }

        private void CheckArguments(StepDraft step)
        {
            if (step.Arguments.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var root = step.Path + ".arguments";
            SchemaType? parameters = step.Tool is { } tool ? owner.SchemasOf(tool).Parameters : null;
            var found = new List<(JsonElement Reference, SchemaType? Target, string RelativePath)>();
            FindReferences(step.Arguments, parameters, "$", found);

            var uncheckedPositions = new HashSet<string>(StringComparer.Ordinal);
            var position = 0;
            foreach (var (reference, target, relative) in found)
            {
                if (ReadReference(step, reference, target, JsonPath.Under(root, relative), relative, position++) is { } parsed)
                {
                    step.References.Add(parsed);
                }
                if (target is not null)
                {
                    // The reader sees null here; whether the real value fits was checked above.
                    uncheckedPositions.Add(relative);
                }
            }

            if (step.Tool is null)
            {
                return;
            }
            IReadOnlyList<ToolError>? readerErrors;
            try
            {
                var bytes = PlanReference.WriteArguments(step.Arguments, static (writer, _) => writer.WriteNullValue());
                readerErrors = owner._tools.ValidateArguments(step.Tool.Name, bytes, owner.Invocation);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                readerErrors = [new ToolError("$", "the arguments could not be checked: " + exception.Message)];
            }
            foreach (var error in readerErrors ?? [])
            {
                if (!uncheckedPositions.Contains(error.Path))
                {
                    Error(JsonPath.Under(root, error.Path), error.Message);
                }
            }
            // The reader's errors at a reference's place are dropped above, as they concern the null written
            // for it; but a name given twice there is refused whatever the value, so it is reported here.
            foreach (var duplicate in DuplicatedNames(step.Arguments, "$").Where(uncheckedPositions.Contains).Distinct(StringComparer.Ordinal))
            {
                Error(JsonPath.Under(root, duplicate), "property appears more than once");
            }
        }

        // The paths of names given more than once in an object, in arguments (references are not entered).
        private static IEnumerable<string> DuplicatedNames(JsonElement value, string path)
        {
            if (PlanReference.IsReference(value))
            {
                yield break;
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    var at = JsonPath.Property(path, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        yield return at;
                    }
                    foreach (var inner in DuplicatedNames(property.Value, at))
                    {
                        yield return inner;
                    }
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var inner in DuplicatedNames(item, JsonPath.Index(path, i++)))
                    {
                        yield return inner;
                    }
                }
            }
        }

        private static void FindReferences(JsonElement value, SchemaType? target, string path,
                                           List<(JsonElement, SchemaType?, string)> found)
        {
            if (PlanReference.IsReference(value))
            {
                found.Add((value, target, path));
                return;
            }
            // Where the schema has no place for a value, the reader reports it; references there are still read.
            var node = target is { } t && !t.Node.IsAny && !t.Node.IsOpaque ? t.Node : null;
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in value.EnumerateObject())
                {
                    SchemaType? child = null;
                    if (node is not null && node.TryGetProperty(property.Name, out var declared))
                    {
                        child = declared;
                    }
                    else if (node?.AdditionalProperties is { } values)
                    {
                        child = values;
                    }
                    else if (target is { } any && any.Node.IsAny)
                    {
                        child = any;
                    }
                    FindReferences(property.Value, child, JsonPath.Property(path, property.Name), found);
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                SchemaType? items = node?.Items ?? (target is { } any && any.Node.IsAny ? any : null);
                foreach (var item in value.EnumerateArray())
                {
                    FindReferences(item, items, JsonPath.Index(path, i++), found);
                }
            }
        }

        private PlanReference? ReadReference(StepDraft step, JsonElement reference, SchemaType? target, string at, string relative, int position)
        {
            string? from = null;
            string pointer = "";
            var ok = true;
            foreach (var member in reference.EnumerateObject())
            {
                if (member.NameEquals("$from"))
                {
                    if (member.Value.ValueKind == JsonValueKind.String)
                    {
                        from = member.Value.GetString();
                    }
                    else
                    {
                        Error(at, $"'$from' must be a step id, got {JsonPath.Kind(member.Value)}");
                        ok = false;
                    }
                }
                else if (member.NameEquals("path"))
                {
                    if (member.Value.ValueKind == JsonValueKind.String)
                    {
                        pointer = member.Value.GetString()!;
                    }
                    else
                    {
                        Error(at, $"'path' must be a JSON pointer string such as \"/*/id\", got {JsonPath.Kind(member.Value)}");
                        ok = false;
                    }
                }
                else
                {
                    Error(at, $"a reference has only '$from' and 'path'; '{member.Name}' is not allowed");
                    ok = false;
                }
            }
            if (!ok || from is null || !CheckStepId(step, from, at, "reference"))
            {
                return null;
            }
            if (!JsonPointer.TryParse(pointer, out var segments, out var pointerError))
            {
                Error(at, $"'{pointer}' is not a JSON pointer: {pointerError}");
                return null;
            }
            var source = _steps[_ids[from]];
            if (source.Tool is { } sourceTool)
            {
                var result = owner.SchemasOf(sourceTool).Result;
                if (result is null)
                {
                    Error(at, $"step '{from}' calls '{sourceTool.Name}', which returns nothing to take a value from");
                    return null;
                }
                if (PlanTypes.Select(result.Value, segments, out var selected) is { } selectError)
                {
                    Error(at, $"'{pointer}' does not exist in the result of '{sourceTool.Name}' (step '{from}'): {selectError}");
                    return null;
                }
                if (target is { } wanted && PlanTypes.Fit(selected, wanted, where => TakesAnyNumber(step, position, relative, where)) is { } fitError)
                {
                    Error(at, $"the value of '{from}' {(pointer.Length == 0 ? "(its whole result)" : pointer)} does not fit here: {fitError}");
                    return null;
                }
            }
            return new PlanReference(from, pointer, segments, relative);
        }

        /// <summary>
        /// Whether the step's reader takes any finite double, of either sign, at <paramref name="where"/> below
        /// the reference at <paramref name="position"/>. A schema's <c>"number"</c> is also a decimal's or a
        /// float's, whose readers refuse most doubles, so the reader itself is asked: the arguments are
        /// checked with <c>±double.MaxValue</c> there. Only places in lists of lists are asked; below an
        /// object or a map the answer is no.
        /// </summary>
        private bool TakesAnyNumber(StepDraft step, int position, string relative, string where)
        {
            if (step.Tool is null)
            {
                return false;
            }
            var depth = 0;
            for (var rest = where; rest.Length > 0; rest = rest[2..], depth++)
            {
                if (!rest.StartsWith("[]", StringComparison.Ordinal))
                {
                    return false;
                }
            }
            var leaf = relative;
            for (var i = 0; i < depth; i++)
            {
                leaf = JsonPath.Index(leaf, 0);
            }
            foreach (var probe in (double[])[double.MaxValue, double.MinValue])
            {
                var bytes = PlanReference.WriteArguments(step.Arguments, (writer, i) =>
                {
                    for (var d = 0; i == position && d < depth; d++)
                    {
                        writer.WriteStartArray();
                    }
                    if (i == position)
                    {
                        writer.WriteNumberValue(probe);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                    for (var d = 0; i == position && d < depth; d++)
                    {
                        writer.WriteEndArray();
                    }
                });
                IReadOnlyList<ToolError>? errors;
                try
                {
                    errors = owner._tools.ValidateArguments(step.Tool.Name, bytes, owner.Invocation);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    return false;
                }
                if (errors is null)
                {
                    // A tool set that cannot check arguments has them checked when the step runs.
                    return true;
                }
                if (errors.Any(e => e.Path == leaf))
                {
                    return false;
                }
            }
            return true;
        }

        private void CheckCycles()
        {
            // Depth-first search over the dependencies; a back edge closes a cycle, reported once.
            var state = new int[_steps.Count];
            var stack = new List<int>();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _steps.Count; i++)
            {
                Visit(i);
            }

            void Visit(int node)
            {
                if (state[node] == 2)
                {
                    return;
                }
                state[node] = 1;
                stack.Add(node);
                foreach (var next in DependenciesOf(_steps[node]))
                {
                    if (state[next] == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(next)).ToList();
                        var start = cycle.IndexOf(cycle.Min());
                        var ordered = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                        if (reported.Add(string.Join(",", ordered)))
                        {
                            var names = ordered.Select(s => _steps[s].Id!).ToList();
                            names.Add(names[0]);
                            Error(_steps[ordered[0]].Path, "steps form a cycle: " + string.Join(" -> ", names)
                                + " (each waits for the next, so none can start)");
                        }
                    }
                    else if (state[next] == 0)
                    {
                        Visit(next);
                    }
                }
                stack.RemoveAt(stack.Count - 1);
                state[node] = 2;
            }
        }

        private IEnumerable<int> DependenciesOf(StepDraft step)
            => step.References.Select(r => r.StepId).Concat(step.DependsOn).Distinct(StringComparer.Ordinal)
                .Where(_ids.ContainsKey).Select(id => _ids[id]);

        private void CheckFanOut()
        {
            var dependents = new int[_steps.Count];
            foreach (var step in _steps)
            {
                foreach (var dependency in DependenciesOf(step))
                {
                    dependents[dependency]++;
                }
            }
            for (var i = 0; i < dependents.Length; i++)
            {
                if (dependents[i] > owner.Limits.MaxFanOut)
                {
                    Error(_steps[i].Path, $"{dependents[i]} steps wait on '{_steps[i].Id}', over the fan-out limit of {owner.Limits.MaxFanOut}");
                }
            }
        }
    }

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
