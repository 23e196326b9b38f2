// One file on purpose (about 1,000 lines): the random plan generators, the schema reader they share and the
// value generators for every schema keyword are one property-testing kit; split, each part would need the
// others' internals, and a reader who changes one kind of value sees every consumer of it here.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Planning.Tests;

/// <summary>Reads a tool's JSON schema the way a model would: resolving <c>$ref</c> pointers within its document.</summary>
internal sealed class SchemaDoc(JsonElement root)
{
    public JsonElement Root { get; } = root;

    /// <summary>Follows <c>$ref</c> until a schema that is not a reference.</summary>
    public JsonElement Deref(JsonElement schema)
    {
        for (var i = 0; i < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            schema = At(reference.GetString()!) ?? default;
        }
        return schema;
    }

    private JsonElement? At(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }
        var current = Root;
        foreach (var raw in reference[1..].Split('/').Skip(1))
        {
            var name = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>The non-null JSON types a schema admits, and whether it admits null.</summary>
    public (List<string> Types, bool Nullable, JsonElement Schema) Shape(JsonElement schema)
    {
        schema = Deref(schema);
        var types = new List<string>();
        var nullable = false;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return (types, true, schema);
        }
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var branches = anyOf.EnumerateArray().ToList();
            var nonNull = branches.Where(b => !(b.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
            if (nonNull.Count == 1)
            {
                var inner = Shape(nonNull[0]);
                return (inner.Types, true, inner.Schema);
            }
            return (types, true, schema);
        }
        if (schema.TryGetProperty("type", out var type))
        {
            foreach (var t in type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(e => e.GetString()!) : [type.GetString()!])
            {
                if (t == "null")
                {
                    nullable = true;
                }
                else
                {
                    types.Add(t);
                }
            }
        }
        if (schema.TryGetProperty("enum", out var values) && values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null))
        {
            nullable = true;
        }
        return (types, nullable, schema);
    }

    /// <summary>A short signature of a schema's type, to pair references with parameters that may take them.</summary>
    public string Signature(JsonElement schema, int depth = 0)
    {
        var (types, _, s) = Shape(schema);
        if (types.Count == 0)
        {
            return "any";
        }
        var type = types[0];
        if (type == "array" && depth < 2 && s.TryGetProperty("items", out var items))
        {
            return "array<" + Signature(items, depth + 1) + ">";
        }
        if (type == "object" && s.TryGetProperty("properties", out var properties))
        {
            return "object{" + string.Join(",", properties.EnumerateObject().Select(p => p.Name).Take(3)) + "}";
        }
        if (type == "object")
        {
            return "map";
        }
        if (s.TryGetProperty("enum", out var values))
        {
            return "enum" + values.GetRawText();
        }
        if (type is "integer" or "number")
        {
            return type + (s.TryGetProperty("minimum", out var min) ? min.GetRawText() : "") + ".." + (s.TryGetProperty("maximum", out var max) ? max.GetRawText() : "");
        }
        return s.TryGetProperty("format", out var format) ? type + ":" + format.GetString() : type;
    }
}

/// <summary>One tool, as the generators see it.</summary>
internal sealed class ToolInfo
{
    public ToolInfo(ToolDescriptor tool)
    {
        Name = tool.Name;
        Parameters = new SchemaDoc(tool.ParametersSchema.Clone());
        if (tool.ReturnSchema is { } returns)
        {
            Returns = new SchemaDoc(returns.Clone());
            Walk(Returns, Returns.Root, "", 0, 0);
        }
    }

    public string Name { get; }

    public SchemaDoc Parameters { get; }

    public SchemaDoc? Returns { get; }

    /// <summary>Pointers into the result, each with the signature of what it selects and whether it goes through a nullable value.</summary>
    public List<(string Pointer, string Signature, bool ThroughNull)> Pointers { get; } = [];

    private void Walk(SchemaDoc doc, JsonElement schema, string pointer, int depth, int maps, bool throughNull = false)
    {
        var signature = doc.Signature(schema);
        for (var i = 0; i < maps; i++)
        {
            signature = "array<" + signature + ">";
        }
        Pointers.Add((pointer, signature, throughNull));
        if (depth == 4)
        {
            return;
        }
        var (types, nullable, s) = doc.Shape(schema);
        throughNull |= nullable;
        if (types.Contains("array") && s.TryGetProperty("items", out var items))
        {
            Walk(doc, items, pointer + "/*", depth + 1, maps + 1, throughNull);
            Walk(doc, items, pointer + "/0", depth + 1, maps, throughNull);
            if (depth == 0)
            {
                Walk(doc, items, pointer + "/2", depth + 1, maps, throughNull);
            }
        }
        if (types.Contains("object"))
        {
            if (s.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    Walk(doc, property.Value, pointer + "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), depth + 1, maps, throughNull);
                }
            }
            if (s.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                Walk(doc, values, pointer + "/ada", depth + 1, maps, throughNull);
                Walk(doc, values, pointer + "/a", depth + 1, maps, throughNull);
            }
        }
    }
}

/// <summary>
/// Random plans over a tool set, built from the tools' schemas: valid and invalid literals, JSON junk,
/// references (well-typed, ill-typed, forward, to themselves, to nothing) and broken structure.
/// Everything comes from one <see cref="Random"/>, so a seed reproduces a plan.
/// </summary>
internal sealed class PlanGenerator
{
    private static readonly string[] Names = ["a", "b", "id", "name", "ada", "x y", "$from", "path", "", "ünï", "~/"];
    private static readonly string[] JunkPointers =
        ["", "/", "/*", "/*/*", "/0", "/1", "/-", "/-1", "/01", "/~2", "~", "/a~1b", "/*/id", "/*/name", "/0/id", "/id", "/name",
         "*", "/*/0", "/99999999999", "/ada/name", "//", "/ ", "/~0", "/*/tags/*"];

    private readonly Random _random;

    public PlanGenerator(IReadOnlyList<ToolInfo> tools, Random random)
    {
        Tools = tools;
        _random = random;
    }

    public IReadOnlyList<ToolInfo> Tools { get; }

    /// <summary>How often a parameter gets a valid literal, a reference, an invalid literal, junk, or nothing.</summary>
    public double ValidWeight { get; set; } = 0.55;

    public double ReferenceWeight { get; set; } = 0.3;

    /// <summary>How likely each structural defect is (missing ids, unknown tools, ...).</summary>
    public double Defects { get; set; } = 0.04;

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A whole random plan, as text.</summary>
    public string Plan()
    {
        var count = Chance(Defects / 4) ? (Chance(0.5) ? 0 : 26 + _random.Next(3)) : Chance(0.15) ? 1 : _random.Next(2, 7);
        var ids = new List<string>();
        var tools = new List<ToolInfo>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(Chance(Defects) ? BadId(ids) : "s" + i.ToString(CultureInfo.InvariantCulture));
            tools.Add(Pick(Tools));
        }
        var steps = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            steps.Add(Step(i, ids, tools));
        }
        var plan = new JsonObject { ["steps"] = steps };
        if (Chance(Defects / 2))
        {
            plan[Pick(Names)] = Junk(1);
        }
        if (Chance(Defects / 4))
        {
            plan["steps"] = Junk(2);
        }
        if (Chance(Defects / 8))
        {
            return Junk(3)?.ToJsonString() ?? "null";
        }
        return plan.ToJsonString();
    }

    private string BadId(List<string> ids) => _random.Next(6) switch
    {
        0 => "",
        1 => "has space",
        2 => new string('x', 65),
        3 => ids.Count > 0 ? Pick(ids) : "s0",
        4 => "ünicode",
        _ => "s" + _random.Next(10).ToString(CultureInfo.InvariantCulture),
    };

    private JsonObject Step(int index, List<string> ids, List<ToolInfo> tools)
    {
        var step = new JsonObject();
        var tool = tools[index];
        if (!Chance(Defects))
        {
            step["id"] = Chance(Defects) ? Junk(0) : ids[index];
        }
        if (!Chance(Defects))
        {
            step["tool"] = Chance(Defects) ? (Chance(0.5) ? tool.Name + "s" : Junk(0)) : tool.Name;
        }
        if (!Chance(Defects))
        {
            step["arguments"] = Chance(Defects) ? Junk(1) : Arguments(tool, index, ids, tools);
        }
        if (Chance(0.2) && (index > 0 || Defects > 0))
        {
            var dependsOn = new JsonArray();
            for (var n = _random.Next(3); n >= 0; n--)
            {
                dependsOn.Add(Chance(Defects) ? Junk(0) : StepId(index, ids));
            }
            step["dependsOn"] = Chance(Defects) ? Junk(1) : dependsOn;
        }
        if (Chance(0.2))
        {
            step["description"] = Chance(Defects) ? Junk(1) : "step " + index.ToString(CultureInfo.InvariantCulture);
        }
        if (Chance(Defects))
        {
            step[Pick(["args", "dependson", "ID", "tools", "extra"])] = Junk(1);
        }
        return step;
    }

    /// <summary>The id of a step to take a value from or wait for: usually an earlier one (always, without defects).</summary>
    private string StepId(int index, List<string> ids)
    {
        var roll = Defects == 0 && index > 0 ? 0 : _random.NextDouble();
        if (index > 0 && roll < 0.8)
        {
            return ids[_random.Next(index)];
        }
        if (index == 0 && roll < 0.8)
        {
            return ids[_random.Next(ids.Count)];
        }
        if (roll < 0.9)
        {
            return ids[_random.Next(ids.Count)];
        }
        return roll < 0.95 ? ids[index] : "nope";
    }

    private JsonObject Arguments(ToolInfo tool, int index, List<string> ids, List<ToolInfo> tools)
    {
        var arguments = new JsonObject();
        var doc = tool.Parameters;
        var root = doc.Deref(doc.Root);
        var required = Required(root);
        if (root.TryGetProperty("properties", out var properties))
        {
            foreach (var parameter in properties.EnumerateObject())
            {
                if (!required.Contains(parameter.Name) && Chance(0.4))
                {
                    continue;
                }
                // Without defects, the first step (which has nothing before it) takes literals.
                var roll = index == 0 && Defects == 0 ? 0 : _random.NextDouble();
                if (roll < ValidWeight)
                {
                    arguments[parameter.Name] = Valid(doc, parameter.Value, 4, index > 0 || Defects > 0 ? () => Reference(doc, null, index, ids, tools) : null);
                }
                else if (roll < ValidWeight + ReferenceWeight)
                {
                    arguments[parameter.Name] = Reference(doc, parameter.Value, index, ids, tools);
                }
                else if (roll < ValidWeight + ReferenceWeight + (1 - ValidWeight - ReferenceWeight) * 0.6)
                {
                    arguments[parameter.Name] = Invalid(doc, parameter.Value);
                }
                else if (roll < ValidWeight + ReferenceWeight + (1 - ValidWeight - ReferenceWeight) * 0.8)
                {
                    arguments[parameter.Name] = Junk(2);
                }
                // else: left out
            }
        }
        if (Chance(Defects))
        {
            arguments[Pick(Names)] = Chance(0.5) ? Junk(1) : Reference(doc, null, index, ids, tools);
        }
        return arguments;
    }

    private static HashSet<string> Required(JsonElement schema)
        => schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

    /// <summary>A reference for a value of <paramref name="target"/> (any when null): usually to an earlier step, with a pointer that selects something of a similar type.</summary>
    public JsonNode? Reference(SchemaDoc doc, JsonElement? target, int index, List<string> ids, List<ToolInfo> tools)
    {
        var reference = new JsonObject();
        string from;
        string pointer;
        var signature = target is { } t ? doc.Signature(t) : null;
        var candidates = new List<(string Id, string Pointer)>();
        if (Chance(0.85))
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (i >= index && (Defects == 0 || (i == index ? !Chance(0.05) : !Chance(0.1))))
                {
                    continue;
                }
                foreach (var (p, s, throughNull) in tools[i].Pointers)
                {
                    if (throughNull && Defects == 0 && !Chance(0.1))
                    {
                        continue;
                    }
                    if (signature is null || s == signature || (signature.StartsWith("array<", StringComparison.Ordinal) && s.StartsWith("array<", StringComparison.Ordinal) && Chance(0.2)))
                    {
                        candidates.Add((ids[i], p));
                    }
                }
            }
        }
        if (candidates.Count > 0)
        {
            (from, pointer) = Pick(candidates);
        }
        else if (Defects == 0 && target is { } literal)
        {
            // Nothing earlier has a value of this kind: a literal, then.
            return Valid(doc, literal, 3);
        }
        else
        {
            from = StepId(index, ids);
            var i = ids.IndexOf(from);
            pointer = i >= 0 && tools[i].Pointers.Count > 0 && Chance(0.6) ? Pick(tools[i].Pointers).Pointer : Pick(JunkPointers);
        }
        if (Chance(Defects == 0 ? 0.01 : 0.05))
        {
            pointer = Pick(JunkPointers);
        }
        reference["$from"] = Chance(Defects / 2) ? Junk(0) : from;
        if (pointer.Length > 0 || Chance(0.5))
        {
            reference["path"] = Chance(Defects / 2) ? Junk(0) : pointer;
        }
        if (Chance(Defects / 2))
        {
            reference[Pick(["Path", "from", "extra"])] = "x";
        }
        return reference;
    }

    /// <summary>A value the schema accepts (references aside), sometimes with references in nested places.</summary>
    public JsonNode? Valid(SchemaDoc doc, JsonElement schema, int budget, Func<JsonNode?>? nestedReference = null)
    {
        var (types, nullable, s) = doc.Shape(schema);
        if (s.ValueKind == JsonValueKind.True || (s.ValueKind == JsonValueKind.Object && types.Count == 0 && !s.TryGetProperty("enum", out _)))
        {
            return Junk(Math.Min(budget, 2));
        }
        if (nullable && (budget <= 0 || Chance(0.15)))
        {
            return null;
        }
        if (s.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null).ToList();
            return JsonNode.Parse(Pick(options).GetRawText());
        }
        if (types.Count == 0)
        {
            return null;
        }
        JsonNode? Child(JsonElement childSchema)
            => nestedReference is not null && Chance(0.08) ? nestedReference() : Valid(doc, childSchema, budget - 1, nestedReference);
        switch (Pick(types))
        {
            case "string":
                return ValidString(s);
            case "integer":
                return ValidInteger(s);
            case "number":
                return ValidNumber(s);
            case "boolean":
                return Chance(0.5);
            case "array":
                {
                    var min = Whole(s, "minItems") ?? 0;
                    var max = Math.Min(Whole(s, "maxItems") ?? 4, min + (budget <= 1 ? 0 : 3));
                    var array = new JsonArray();
                    var items = s.TryGetProperty("items", out var i) ? i : default;
                    for (var n = _random.Next((int)min, (int)max + 1); n > 0; n--)
                    {
                        array.Add(items.ValueKind == JsonValueKind.Undefined ? Junk(1) : Child(items));
                    }
                    return array;
                }
            default:
                {
                    var obj = new JsonObject();
                    var required = Required(s);
                    if (s.TryGetProperty("properties", out var properties))
                    {
                        foreach (var property in properties.EnumerateObject())
                        {
                            if (required.Contains(property.Name) || Chance(0.5))
                            {
                                obj[property.Name] = Child(property.Value);
                            }
                        }
                    }
                    else if (s.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                    {
                        for (var n = _random.Next(budget <= 1 ? 1 : 4); n > 0; n--)
                        {
                            obj[Pick(Names) + n.ToString(CultureInfo.InvariantCulture)] = Child(additional);
                        }
                    }
                    return obj;
                }
        }
    }

    private JsonNode ValidString(JsonElement s)
    {
        var format = s.TryGetProperty("format", out var f) ? f.GetString() : null;
        var pattern = s.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        string text = format switch
        {
            // The reader also takes "a@b" ([EmailAddress] only wants one '@' inside), but NJsonSchema's format check does not.
            "email" => Pick(["ada@example.com", "x.y+z@example.org", "a@b.co"]),
            "uuid" => new Guid(_random.Next(), (short)_random.Next(), (short)_random.Next(), 1, 2, 3, 4, 5, 6, 7, 8).ToString(Chance(0.8) ? "D" : "N"),
            "date-time" => Pick(["2024-05-01T13:45:00Z", "2024-05-01T13:45:00+02:00", "2024-02-29T00:00:00.1234567Z"]),
            "date" => Pick(["2024-05-01", "1999-12-31", "0001-01-01"]),
            "time" => Pick(["13:45:00", "00:00:00.5"]),
            "uri" => Pick(["https://example.com/a", "http://x.org", "ftp://files.example.com/a/b"]),
            _ => pattern switch
            {
                "^[A-Z]{3}$" => new string([.. Enumerable.Range(0, 3).Select(_ => (char)('A' + _random.Next(26)))]),
                null => Pick(["", "a", "hello", "SG-1", "round", "ünïcödé ✓", "with \"quotes\" and \\", "nobody", "Ada", "sunglasses"]),
                _ => "ABC",
            },
        };
        var min = (int)(Whole(s, "minLength") ?? 0);
        var max = (int)Math.Min(Whole(s, "maxLength") ?? 40, 40);
        if (text.Length < min)
        {
            text = text.PadRight(min, 'x');
        }
        if (text.Length > max)
        {
            text = text[..max];
        }
        return JsonValue.Create(text);
    }

    private JsonNode ValidInteger(JsonElement s)
    {
        var min = Bound(s, "minimum") ?? -1_000_000m;
        var max = Bound(s, "maximum") ?? 1_000_000m;
        var roll = _random.Next(6);
        decimal value = roll switch
        {
            0 => min,
            1 => max,
            2 => Math.Clamp(0m, min, max),
            _ => Math.Clamp(_random.Next(-20, 200), min, max),
        };
        return JsonValue.Create(value);
    }

    private JsonNode ValidNumber(JsonElement s)
    {
        var min = Bound(s, "minimum");
        var max = Bound(s, "maximum");
        if (min is { } lo && max is { } hi)
        {
            return JsonValue.Create(Math.Round((double)lo + ((double)hi - (double)lo) * _random.NextDouble(), 4));
        }
        return JsonValue.Create(Pick([0.0, 1.5, -2.25, 1e10, 123456.789, 3.0]));
    }

    private static long? Whole(JsonElement s, string keyword)
        => s.TryGetProperty(keyword, out var value) && value.TryGetInt64(out var number) ? number : null;

    private static decimal? Bound(JsonElement s, string keyword)
        => s.TryGetProperty(keyword, out var value) && value.TryGetDecimal(out var number) ? number : null;

    /// <summary>A value the schema probably refuses: a wrong type, out of range, a bad format, a missing or unknown property.</summary>
    public JsonNode? Invalid(SchemaDoc doc, JsonElement schema)
    {
        var (types, nullable, s) = doc.Shape(schema);
        var type = types.Count > 0 ? Pick(types) : null;
        switch (_random.Next(4))
        {
            case 0:
                return nullable ? JsonValue.Create(Chance(0.5) ? "oops" : "7") : null;
            case 1:
                return type switch
                {
                    "string" => JsonValue.Create(42),
                    "integer" or "number" => JsonValue.Create("12"),
                    "boolean" => JsonValue.Create("true"),
                    "array" => new JsonObject(),
                    "object" => new JsonArray(),
                    _ => null,
                };
            default:
                break;
        }
        if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("enum", out _))
        {
            return JsonValue.Create(Pick(["Purple", "red", "", "Red ", "Calm"]));
        }
        switch (type)
        {
            case "string":
                var format = s.TryGetProperty("format", out var f) ? f.GetString() : null;
                if (format is not null)
                {
                    return JsonValue.Create(Pick(["not-an-email", "2024-13-45", "zz", "not a uri", "/rooted/path", "12:99", "2024-05-01T25:00:00Z", "@", "a@b@c"]));
                }
                if (Whole(s, "maxLength") is { } maxLength)
                {
                    return JsonValue.Create(new string('y', (int)maxLength + 1));
                }
                if (Whole(s, "minLength") is { } minLength && minLength > 0)
                {
                    return JsonValue.Create(new string('y', (int)minLength - 1));
                }
                return JsonValue.Create(Pick(["abc", "ab1", "ABCD", ""]));
            case "integer":
                return Chance(0.3) ? JsonValue.Create(1.5) : JsonValue.Create(Chance(0.5) ? (Bound(s, "maximum") ?? 0m) + 1 : (Bound(s, "minimum") ?? 0m) - 1);
            case "number":
                return Chance(0.5) ? (Bound(s, "maximum") is { } top ? JsonValue.Create(top + 1) : JsonNode.Parse("1e300")) : JsonNode.Parse("1e400");
            case "array":
                var array = Valid(doc, s, 2) as JsonArray ?? [];
                array.Add(Chance(0.5) ? null : Junk(1));
                if (Whole(s, "maxItems") is { } maxItems)
                {
                    while (array.Count <= maxItems)
                    {
                        array.Add(Valid(doc, s.GetProperty("items"), 1));
                    }
                }
                return array;
            case "object":
                var obj = Valid(doc, s, 2) as JsonObject ?? [];
                if (obj.Count > 0 && Chance(0.5))
                {
                    obj.Remove(obj.ElementAt(_random.Next(obj.Count)).Key);
                }
                else
                {
                    obj[Pick(Names) + "_unknown"] = 1;
                }
                return obj;
            default:
                return Junk(2);
        }
    }

    /// <summary>Random JSON of at most <paramref name="depth"/> levels.</summary>
    public JsonNode? Junk(int depth)
    {
        switch (_random.Next(depth <= 0 ? 6 : 8))
        {
            case 0: return null;
            case 1: return Chance(0.5);
            case 2: return JsonValue.Create(Pick([0, -1, 7, int.MaxValue, long.MinValue, 1.5, 1e300, 0.1, -0.0]));
            case 3: return JsonValue.Create(Pick(["", "x", "s0", "Red", "2024-05-01", "ada@example.com", "/*/id", "\u0000\uFFFF", "💥"]));
            case 4: return JsonNode.Parse(Pick(["123456789012345678901234567890", "1E+400", "-0", "1e-400"]));
            case 5: return JsonValue.Create(_random.Next(-3, 300));
            case 6:
                var array = new JsonArray();
                for (var n = _random.Next(4); n > 0; n--)
                {
                    array.Add(Junk(depth - 1));
                }
                return array;
            default:
                var obj = new JsonObject();
                for (var n = _random.Next(4); n > 0; n--)
                {
                    obj[Pick(Names) + n.ToString(CultureInfo.InvariantCulture)] = Junk(depth - 1);
                }
                return obj;
        }
    }
}

/// <summary>Mutations of a valid plan: small edits of the kind a model makes, and some it should not.</summary>
internal sealed class PlanMutator(PlanGenerator generator, Random random)
{
    private static readonly string[] Pointers = ["/*/id", "/*/name", "/0/id", "/*", "", "/~2", "/*/*", "/0", "/5", "/-", "/01", "/id", "/*/itemId", "/*/amount", "/0/0", "/*/email", "/~1"];

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Applies one to three mutations and writes the result (with any duplicated members).</summary>
    public string Mutate(string plan)
    {
        var root = JsonNode.Parse(plan)!;
        var duplicates = new HashSet<(JsonObject, string)>();
        for (var n = 1 + random.Next(random.Next(1, 4)); n > 0; n--)
        {
            root = Apply(root, duplicates);
        }
        return Write(root, duplicates);
    }

    private JsonNode Apply(JsonNode root, HashSet<(JsonObject, string)> duplicates)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var objects = nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        var steps = root["steps"] as JsonArray;
        var stepObjects = steps?.OfType<JsonObject>().ToList() ?? [];
        var ids = stepObjects.Select(s => s["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).OfType<string>().ToList();
        var references = objects.Where(o => o.ContainsKey("$from")).ToList();
        switch (random.Next(17))
        {
            case 0 when objects.Count > 0:
                {
                    var obj = Pick(objects);
                    obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                    break;
                }
            case 1 when objects.Count > 0:
                {
                    var obj = Pick(objects);
                    var (name, value) = obj.ElementAt(random.Next(obj.Count));
                    obj.Remove(name);
                    var renamed = Chance(0.5) ? name + (Chance(0.5) ? "s" : "") : Pick(["id", "tool", "arguments", "dependsOn", "description", "$from", "path", "steps", "Name", "itemids", name.ToUpperInvariant()]);
                    obj[renamed] = value;
                    break;
                }
            case 2 when objects.Count > 0:
                {
                    var obj = Pick(objects);
                    duplicates.Add((obj, obj.ElementAt(random.Next(obj.Count)).Key));
                    break;
                }
            case 3:
                {
                    // Swap two values (deep copies, so the tree stays a tree).
                    var values = nodes.Where(n => n.Parent is not null).ToList();
                    if (values.Count >= 2)
                    {
                        var a = Pick(values);
                        var b = Pick(values);
                        var copyA = a.DeepClone();
                        var copyB = b.DeepClone();
                        if (!IsAncestor(a, b) && !IsAncestor(b, a))
                        {
                            Replace(a, copyB);
                            Replace(b, copyA);
                        }
                    }
                    break;
                }
            case 4:
                {
                    var values = nodes.Where(n => n.Parent is not null).ToList();
                    if (values.Count > 0)
                    {
                        Replace(Pick(values), generator.Junk(2));
                    }
                    break;
                }
            case 5 when stepObjects.Count > 0:
                {
                    var step = Pick(stepObjects);
                    var tools = generator.Tools.Select(t => t.Name).ToList();
                    step["tool"] = Chance(0.8) ? Pick(tools) : Pick(["nope", "Get_Item_Price", "get_item_prices", ""]);
                    break;
                }
            case 6 when references.Count > 0:
                Pick(references)["path"] = Pick(Pointers);
                break;
            case 7 when references.Count > 0:
                {
                    var reference = Pick(references);
                    reference["$from"] = ids.Count > 0 && Chance(0.8) ? Pick(ids) : Pick(["nope", "", "s 1"]);
                    break;
                }
            case 8 when stepObjects.Count > 0 && ids.Count > 0:
                {
                    // A dependency on a later step (or itself) closes a cycle when the later one waits on this one.
                    var step = Pick(stepObjects);
                    var dependsOn = step["dependsOn"] as JsonArray ?? [];
                    dependsOn.Add(Chance(0.7) ? ids[^1] : Pick(ids));
                    step["dependsOn"] = dependsOn.Parent is null ? dependsOn : dependsOn.DeepClone();
                    break;
                }
            case 9 when steps is { Count: > 0 }:
                if (Chance(0.5))
                {
                    steps.RemoveAt(random.Next(steps.Count));
                }
                else
                {
                    steps.Add(steps[random.Next(steps.Count)]!.DeepClone());
                }
                break;
            case 10 when steps is { Count: > 1 }:
                {
                    var i = random.Next(steps.Count);
                    var step = steps[i]!;
                    steps.RemoveAt(i);
                    steps.Insert(random.Next(steps.Count + 1), step);
                    break;
                }
            case 11:
                {
                    var numbers = nodes.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.Number && v.Parent is not null).ToList();
                    if (numbers.Count > 0)
                    {
                        var number = Pick(numbers);
                        var value = double.Parse(number.ToJsonString(), CultureInfo.InvariantCulture);
                        var changed = random.Next(5) switch
                        {
                            0 => value + 1,
                            1 => -value,
                            2 => value * 1e10,
                            3 => value + 0.5,
                            _ => double.NaN,
                        };
                        // Numbers beyond double (1e400 in, or out) are written as text JSON still reads.
                        Replace(number, double.IsNaN(changed) ? JsonValue.Create(number.ToJsonString())
                            : double.IsFinite(changed) ? JsonValue.Create(changed) : JsonNode.Parse(changed > 0 ? "1e309" : "-1e309"));
                    }
                    break;
                }
            case 12:
                {
                    var strings = nodes.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String && v.Parent is not null).ToList();
                    if (strings.Count > 0)
                    {
                        var text = Pick(strings);
                        var value = text.GetValue<string>();
                        Replace(text, random.Next(5) switch
                        {
                            0 => JsonValue.Create(""),
                            1 => JsonValue.Create(value + value + new string('z', 40)),
                            2 => JsonValue.Create(value.ToUpperInvariant()),
                            3 => null,
                            _ => JsonValue.Create(value.Length > 1 ? value[1..] : "ü"),
                        });
                    }
                    break;
                }
            case 13:
                {
                    var values = nodes.Where(n => n.Parent is not null).ToList();
                    if (values.Count > 0)
                    {
                        var value = Pick(values);
                        var copy = value.DeepClone();
                        Replace(value, Chance(0.5) ? new JsonArray(copy) : new JsonObject { ["value"] = copy });
                    }
                    break;
                }
            case 14 when stepObjects.Count > 0:
                {
                    // A fresh reference in place of some argument value.
                    var step = Pick(stepObjects);
                    if (step["arguments"] is JsonObject arguments && arguments.Count > 0)
                    {
                        var name = arguments.ElementAt(random.Next(arguments.Count)).Key;
                        var reference = new JsonObject { ["$from"] = ids.Count > 0 ? Pick(ids) : "s0" };
                        var pointer = Pick(Pointers);
                        var source = ids.Count > 0 ? stepObjects.FirstOrDefault(s => s["id"]?.ToString() == reference["$from"]!.ToString()) : null;
                        var sourceTool = generator.Tools.FirstOrDefault(t => t.Name == source?["tool"]?.ToString());
                        if (sourceTool is { Pointers.Count: > 0 } && Chance(0.7))
                        {
                            pointer = Pick(sourceTool.Pointers).Pointer;
                        }
                        reference["path"] = pointer;
                        arguments[name] = reference;
                    }
                    break;
                }
            case 15 when objects.Count > 0:
                Pick(objects)[Pick(["extra", "$from", "path", "note", "dependsOn"])] = generator.Junk(1);
                break;
            case 16 when stepObjects.Count > 1 && ids.Count > 1:
                {
                    // A two-step cycle: each depends on the other.
                    var a = stepObjects[0];
                    var b = stepObjects[^1];
                    a["dependsOn"] = new JsonArray(JsonValue.Create(b["id"]?.ToString()));
                    b["dependsOn"] = new JsonArray(JsonValue.Create(a["id"]?.ToString()));
                    break;
                }
            default:
                break;
        }
        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }
        nodes.Add(node);
        if (node is JsonObject obj)
        {
            foreach (var (_, value) in obj.ToList())
            {
                Collect(value, nodes);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.ToList())
            {
                Collect(item, nodes);
            }
        }
    }

    private static bool IsAncestor(JsonNode ancestor, JsonNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }
        }
        return false;
    }

    private static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
        }
    }

    /// <summary>Writes the tree, repeating the members marked as duplicated.</summary>
    private static string Write(JsonNode root, HashSet<(JsonObject, string)> duplicates)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteNode(writer, root, duplicates);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node, HashSet<(JsonObject, string)> duplicates)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    for (var copies = duplicates.Contains((obj, name)) ? 2 : 1; copies > 0; copies--)
                    {
                        writer.WritePropertyName(name);
                        WriteNode(writer, value, duplicates);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item, duplicates);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

/// <summary>Bytes that are not a plan at all: noise, truncations, deep nesting, odd encodings.</summary>
internal static class RawInputs
{
    public static byte[] Next(Random random, IReadOnlyList<string> validPlans)
    {
        var plan = validPlans[random.Next(validPlans.Count)];
        switch (random.Next(9))
        {
            case 0:
                {
                    var bytes = new byte[random.Next(0, 200)];
                    random.NextBytes(bytes);
                    return bytes;
                }
            case 1:
                return Encoding.UTF8.GetBytes(plan[..random.Next(plan.Length)]);
            case 2:
                {
                    // Deep nesting, in the plan or inside an argument.
                    var depth = random.Next(2) == 0 ? random.Next(60, 80) : random.Next(100, 5000);
                    var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                    var close = open == "[" ? "]" : "}";
                    var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                    return Encoding.UTF8.GetBytes(random.Next(2) == 0
                        ? nested
                        : "{\"steps\":[{\"id\":\"a\",\"tool\":\"echo\",\"arguments\":{\"value\":" + nested + "}}]}");
                }
            case 3:
                {
                    // A byte of the plan flipped.
                    var bytes = Encoding.UTF8.GetBytes(plan);
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    return bytes;
                }
            case 4:
                return Encoding.UTF8.GetBytes(Pick(random, ["", " ", "null", "[]", "{}", "\"steps\"", "{\"steps\":null}", "{\"steps\":{}}", "{\"steps\":[null]}",
                    "{\"steps\":[[]]}", "{\"steps\":[{}]}", "{\"steps\":[1,2]}", "// comment\n{}", "{\"steps\":[],}", "NaN", "{\"steps\":[{\"id\":\"a\",\"tool\":\"echo\",\"arguments\":{\"value\":NaN}}]}",
                    "\uFEFF" + plan, plan + plan, plan + " x", "{\"steps\":[{\"id\":\"a\",\"tool\":\"echo\",\"arguments\":{\"value\":{\"$from\":\"a\"}}}]}"]));
            case 5:
                {
                    // Invalid UTF-8 inside a string.
                    var bytes = Encoding.UTF8.GetBytes(plan).ToList();
                    var quote = bytes.IndexOf((byte)'"', random.Next(bytes.Count));
                    bytes.InsertRange(quote < 0 ? 0 : quote + 1, Pick(random, new byte[][] { [0xC3], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80] }));
                    return [.. bytes];
                }
            case 6:
                // A long string and a big number in an argument.
                return Encoding.UTF8.GetBytes("{\"steps\":[{\"id\":\"a\",\"tool\":\"text\",\"arguments\":{\"code\":\"" + new string('q', random.Next(1, 5000))
                    + "\",\"tag\":\"ABC\",\"email\":\"a@b\",\"note\":" + Pick(random, ["1" + new string('0', 400), "\"\\ud800\"", "\"\\u0000\"", "null"]) + "}}]}");
            case 7:
                {
                    // Many steps: over the limits of count and fan-out.
                    var count = random.Next(15, 40);
                    var builder = new StringBuilder("{\"steps\":[{\"id\":\"h\",\"tool\":\"make_bag\",\"arguments\":{}}");
                    for (var i = 0; i < count; i++)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $",{{\"id\":\"s{i}\",\"tool\":\"take_ints\",\"arguments\":{{\"ints\":{{\"$from\":\"h\",\"path\":\"/ints\"}}}}}}");
                    }
                    return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
                }
            default:
                {
                    // A long chain of references.
                    var count = random.Next(2, 30);
                    var builder = new StringBuilder("{\"steps\":[{\"id\":\"c0\",\"tool\":\"take_long\",\"arguments\":{\"value\":1}}");
                    for (var i = 1; i < count; i++)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $",{{\"id\":\"c{i}\",\"tool\":\"take_long\",\"arguments\":{{\"value\":{{\"$from\":\"c{i - 1}\"}}}}}}");
                    }
                    return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
                }
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
