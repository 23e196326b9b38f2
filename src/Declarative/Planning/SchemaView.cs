// SchemaView: a small interpreter of the JSON-Schema subset that tool schemas use, so that plans can be
// type-checked before they run.
//
// WHO USES IT, AND WHY. PlanValidator reads each tool's ParametersSchema and ReturnSchema into a graph
// of SchemaNodes once per validator (PlanValidator.SchemasOf, cached by tool name). The literal
// arguments of a step are checked by the tool's own generated reader (IToolSet.ValidateArguments), but
// a reference such as {"$from": "find", "path": "/*/id"} has no value until its source step has run. To
// refuse a bad reference before anything runs, the validator reasons about types instead of values:
// FindReferences walks a step's arguments alongside the parameter schema to learn what each reference
// must be, PlanTypes.Select follows the pointer through the source tool's return schema, and
// PlanTypes.Fit decides whether every value that return schema admits is one the parameter accepts.
// It works from schema text rather than from generated code because the plan validator is composed at
// run time, per agent, from whatever IToolSet the agent holds: generated tool sets, types left to
// System.Text.Json (whose schemas only exist at run time, see ToolSchemas.For), hand-written IToolSets,
// and tool sets combined or wrapped at run time (docs/planning.md, "Why the plan schema is composed at
// run time").
//
// WHAT IT UNDERSTANDS. Every assertion the generator's SchemaWriter emits (its annotations, such as
// "description" and "default", are skipped), which is also the vocabulary of the schemas
// AIJsonUtilities.CreateJsonSchema writes for types left to System.Text.Json, unions apart:
//   - boolean schemas: true is any JSON; false (or any non-object node) is opaque;
//   - "$ref" to a local JSON pointer ("#/...", "#/$defs/x") in the same document, resolved to one node
//     per place so recursive types form a finite graph; keywords beside a "$ref" are not read;
//   - "anyOf" of exactly one schema and {"type":"null"}: that schema, nullable;
//   - "type" as a name or a list of names (string, integer, number, boolean, array, object, null);
//   - "enum" (kept as JSON text; a null member makes the node nullable; without "type" the kinds are
//     taken from the values);
//   - "properties", "required", "additionalProperties" (false closes the object; a schema or true is
//     the value schema of a map; an object with neither properties nor additionalProperties takes any
//     members), "items" (one schema for every item);
//   - constraints: "format", "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
//     "minimum", "maximum", and the numeric "exclusiveMinimum"/"exclusiveMaximum".
//
// WHAT IT DOES WITH THE REST. Two rules, both chosen so an accepted plan runs without argument errors:
//   - Keywords that change the shape in ways it cannot model make the node opaque (IsOpaque): "oneOf",
//     "allOf", "not", any other "anyOf", an unknown "type" name, a "$ref" that is not a local pointer or
//     does not resolve, "items" given as a list. A reference into or out of an opaque node is refused,
//     with an error that says the schema cannot be checked (a literal value there is still read).
//   - Every other keyword is read as if absent: annotations ("description", "title", "default",
//     "examples", "$comment", "$schema", "$id") and also assertions such as "const", "multipleOf",
//     "minProperties", "patternProperties", "propertyNames", "prefixItems", "contains", "if"/"then".
//     A node with none of "type", "enum", "properties", "additionalProperties" or "items" is any JSON.
//     On the source side that only loses knowledge, so a reference is refused more often, never wrongly
//     accepted. On the target side an ignored assertion is not checked at plan time; the tool's reader
//     still checks the real value when the step runs, and refuses it as an argument error of that step.
//
// ITS LIMITS. It compares schemas with schemas; it never checks a JSON value against a schema (the
// generated readers do that). "pattern" and "format" are compared as text, not evaluated: a value fits a
// patterned parameter only when its own schema has the same pattern. Numeric bounds are read as
// decimal and lengths as long; a bound outside those ranges is treated as absent. A bare "number" does
// not say whether the reader is a double's, a float's or a decimal's, so PlanTypes asks the reader
// itself (PlanValidator's TakesAnyNumber). One document only: no external "$ref", "$id" or "$anchor".
// Nodes read their children lazily and are not thread-safe; PlanValidator uses them under its lock.

using System.Globalization;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>The JSON types a schema node admits (null is tracked apart, as nullability).</summary>
[Flags]
internal enum JsonKinds
{
    None = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Array = 16,
    Object = 32,
}

/// <summary>
/// A read-only view of one node of a tool's JSON schema, as the planner needs it to check references
/// statically: the JSON types, items, properties, formats and constraints. Built from the schema text,
/// so it works for any <see cref="IToolSet"/> whose descriptors carry schemas. The keywords it reads,
/// and what it does with the others, are listed at the top of this file.
/// </summary>
/// <remarks>
/// <c>$ref</c> pointers resolve to the node at that place in the same document (one instance per
/// place, so recursive types form a finite graph); <c>anyOf</c> of one schema and <c>{"type":"null"}</c>
/// is that schema made nullable. Anything else the planner cannot reason about is
/// <see cref="IsOpaque"/>, and references into or out of it are refused rather than guessed.
/// </remarks>
internal sealed class SchemaNode
{
    private readonly SchemaDocument? _document;
    private readonly JsonElement _element;
    private readonly string _pointer;
    private SchemaType? _items;
    private Dictionary<string, SchemaType>? _properties;
    private SchemaType? _additional;
    private bool _childrenRead;

    private SchemaNode(SchemaDocument? document, JsonElement element, string pointer)
    {
        _document = document;
        _element = element;
        _pointer = pointer;
    }

    /// <summary>A node that admits any JSON value (the schema <c>{}</c>).</summary>
    public static SchemaNode Any { get; } = new(null, default, "") { IsAny = true };

    /// <summary>The JSON types admitted; <see cref="JsonKinds.None"/> when any or opaque.</summary>
    public JsonKinds Kinds { get; private set; }

    /// <summary>The schema is <c>{}</c>: any JSON.</summary>
    public bool IsAny { get; private set; }

    /// <summary>The schema uses keywords the planner does not model (anyOf of several shapes, oneOf, allOf, not).</summary>
    public bool IsOpaque { get; private set; }

    /// <summary>Whether the node itself admits null (from <c>"type":[..,"null"]</c> or a null enum value).</summary>
    public bool AdmitsNull { get; private set; }

    public string? Format { get; private set; }

    /// <summary>The allowed values as JSON text (null excluded), or null when not an enum.</summary>
    public IReadOnlyList<string>? Enum { get; private set; }

    public string? Pattern { get; private set; }

    public long? MinLength { get; private set; }

    public long? MaxLength { get; private set; }

    public decimal? Minimum { get; private set; }

    public bool MinimumExclusive { get; private set; }

    public decimal? Maximum { get; private set; }

    public bool MaximumExclusive { get; private set; }

    public long? MinItems { get; private set; }

    public long? MaxItems { get; private set; }

    public bool UniqueItems { get; private set; }

    /// <summary>Property names in schema order.</summary>
    public IReadOnlyList<string> PropertyNames { get; private set; } = [];

    public IReadOnlySet<string> Required { get; private set; } = new HashSet<string>();

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>The item schema of an array.</summary>
    public SchemaType? Items
    {
        get
        {
            ReadChildren();
            return _items;
        }
    }

    /// <summary>The schema of values under names not in <see cref="PropertyNames"/> (a dictionary's values), if allowed.</summary>
    public SchemaType? AdditionalProperties
    {
        get
        {
            ReadChildren();
            return _additional;
        }
    }

    /// <summary>A declared property's schema.</summary>
    public bool TryGetProperty(string name, out SchemaType type)
    {
        ReadChildren();
        if (_properties is not null && _properties.TryGetValue(name, out type))
        {
            return true;
        }
        type = default;
        return false;
    }

    /// <summary>A synthetic list of <paramref name="items"/>: what a <c>*</c> segment produces.</summary>
    public static SchemaNode ListOf(SchemaType items)
    {
        var node = new SchemaNode(null, default, "") { Kinds = JsonKinds.Array };
        node._items = items;
        node._childrenRead = true;
        return node;
    }

    /// <summary>Reads a schema document; its root node.</summary>
    public static SchemaType Root(JsonElement schema) => new SchemaDocument(schema).At("", schema);

    internal static SchemaType Read(SchemaDocument document, JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.True)
        {
            return new SchemaType(Any, nullable: true);
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new SchemaType(Opaque(), nullable: false);
        }
        if (element.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            return document.Resolve(reference.GetString()!) ?? new SchemaType(Opaque(), nullable: false);
        }
        if (element.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            // T | null is T made nullable; any other union is beyond static checking.
            var branches = anyOf.EnumerateArray().ToList();
            var nonNull = branches.Where(b => !IsNullSchema(b)).ToList();
            if (nonNull.Count == 1 && branches.Count == 2)
            {
                var index = branches.IndexOf(nonNull[0]);
                var inner = document.At(pointer + "/anyOf/" + index.ToString(CultureInfo.InvariantCulture), nonNull[0]);
                return new SchemaType(inner.Node, nullable: true);
            }
            return new SchemaType(Opaque(), nullable: false);
        }
        if (element.TryGetProperty("oneOf", out _) || element.TryGetProperty("allOf", out _) || element.TryGetProperty("not", out _))
        {
            return new SchemaType(Opaque(), nullable: false);
        }

        var node = new SchemaNode(document, element, pointer);
        node.ReadKeywords();
        return new SchemaType(node, node.AdmitsNull);
    }

    private static SchemaNode Opaque() => new(null, default, "") { IsOpaque = true };

    private static bool IsNullSchema(JsonElement element)
        => element.ValueKind == JsonValueKind.Object
           && element.TryGetProperty("type", out var type)
           && type.ValueKind == JsonValueKind.String
           && type.ValueEquals("null");

    private void ReadKeywords()
    {
        var any = true;
        if (_element.TryGetProperty("type", out var type))
        {
            any = false;
            if (type.ValueKind == JsonValueKind.String)
            {
                AddKind(type.GetString());
            }
            else if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in type.EnumerateArray())
                {
                    AddKind(item.ValueKind == JsonValueKind.String ? item.GetString() : null);
                }
            }
        }
        if (_element.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            any = false;
            var list = new List<string>();
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    AdmitsNull = true;
                }
                else
                {
                    list.Add(value.GetRawText());
                    if (type.ValueKind == JsonValueKind.Undefined)
                    {
                        Kinds |= value.ValueKind switch
                        {
                            JsonValueKind.String => JsonKinds.String,
                            JsonValueKind.Number => JsonKinds.Number,
                            JsonValueKind.True or JsonValueKind.False => JsonKinds.Boolean,
                            _ => JsonKinds.None,
                        };
                    }
                }
            }
            Enum = list;
        }
        if (_element.TryGetProperty("properties", out _) || _element.TryGetProperty("additionalProperties", out _))
        {
            any = false;
            if (type.ValueKind == JsonValueKind.Undefined)
            {
                Kinds |= JsonKinds.Object;
            }
        }
        if (_element.TryGetProperty("items", out _) && type.ValueKind == JsonValueKind.Undefined)
        {
            any = false;
            Kinds |= JsonKinds.Array;
        }
        IsAny = any;
        Format = String("format");
        Pattern = String("pattern");
        MinLength = Whole("minLength");
        MaxLength = Whole("maxLength");
        MinItems = Whole("minItems");
        MaxItems = Whole("maxItems");
        UniqueItems = _element.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True;
        (Minimum, MinimumExclusive) = Bound("minimum", "exclusiveMinimum");
        (Maximum, MaximumExclusive) = Bound("maximum", "exclusiveMaximum");
        if (_element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            PropertyNames = properties.EnumerateObject().Select(p => p.Name).ToList();
        }
        if (_element.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            Required = required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        }
        IsClosed = _element.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
    }

    private void AddKind(string? name)
    {
        switch (name)
        {
            case "string": Kinds |= JsonKinds.String; break;
            case "integer": Kinds |= JsonKinds.Integer; break;
            case "number": Kinds |= JsonKinds.Number; break;
            case "boolean": Kinds |= JsonKinds.Boolean; break;
            case "array": Kinds |= JsonKinds.Array; break;
            case "object": Kinds |= JsonKinds.Object; break;
            case "null": AdmitsNull = true; break;
            default: IsOpaque = true; break;
        }
    }

    private string? String(string keyword)
        => _element.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private long? Whole(string keyword)
        => _element.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private (decimal? Value, bool Exclusive) Bound(string inclusive, string exclusive)
    {
        if (_element.TryGetProperty(exclusive, out var ex) && ex.ValueKind == JsonValueKind.Number && ex.TryGetDecimal(out var e))
        {
            return (e, true);
        }
        if (_element.TryGetProperty(inclusive, out var inc) && inc.ValueKind == JsonValueKind.Number && inc.TryGetDecimal(out var i))
        {
            return (i, false);
        }
        return (null, false);
    }

    private void ReadChildren()
    {
        if (_childrenRead)
        {
            return;
        }
        _childrenRead = true;
        if (_document is null)
        {
            return;
        }
        if (_element.TryGetProperty("items", out var items))
        {
            _items = _document.At(_pointer + "/items", items);
        }
        if (_element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            _properties = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
            foreach (var property in properties.EnumerateObject())
            {
                _properties[property.Name] = _document.At(_pointer + "/properties/" + JsonPointer.Escape(property.Name), property.Value);
            }
        }
        if (_element.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind is JsonValueKind.Object or JsonValueKind.True)
        {
            _additional = _document.At(_pointer + "/additionalProperties", additional);
        }
        else if (!IsClosed && Kinds.HasFlag(JsonKinds.Object) && _properties is null)
        {
            // An object schema without properties or additionalProperties admits any members.
            _additional = new SchemaType(Any, nullable: true);
        }
    }

    /// <summary>Words for a message: <c>string</c>, <c>list of integer</c>, <c>object {id, name}</c>.</summary>
    public string Describe(int depth = 0)
    {
        if (IsAny)
        {
            return "any JSON";
        }
        if (IsOpaque)
        {
            return "a value of a schema the planner cannot check";
        }
        if (Enum is { } values)
        {
            return "one of " + string.Join(", ", values.Take(6)) + (values.Count > 6 ? ", …" : "");
        }
        var parts = new List<string>();
        foreach (JsonKinds kind in System.Enum.GetValues<JsonKinds>())
        {
            if (kind == JsonKinds.None || !Kinds.HasFlag(kind))
            {
                continue;
            }
            parts.Add(kind switch
            {
                JsonKinds.Array => depth > 3 ? "list" : "list of " + (Items?.Describe(depth + 1) ?? "any JSON"),
                JsonKinds.Object when PropertyNames.Count > 0 => "object {" + string.Join(", ", PropertyNames.Take(8)) + (PropertyNames.Count > 8 ? ", …" : "") + "}",
                JsonKinds.Object when AdditionalProperties is { } mapValues && !mapValues.Node.IsAny => depth > 3 ? "map" : "map of " + mapValues.Describe(depth + 1),
                JsonKinds.Object => "object",
                JsonKinds.Integer => "integer",
                JsonKinds.Number => "number",
                JsonKinds.Boolean => "boolean",
                _ => Format is null ? "string" : "string (" + Format + ")",
            });
        }
        return parts.Count == 0 ? "nothing" : string.Join(" or ", parts);
    }
}

/// <summary>A schema node and whether null is allowed where it is used.</summary>
internal readonly struct SchemaType
{
    public SchemaType(SchemaNode node, bool nullable)
    {
        Node = node;
        Nullable = nullable || node.AdmitsNull;
    }

    public SchemaNode Node { get; }

    public bool Nullable { get; }

    public bool IsDefault => Node is null;

    public string Describe(int depth = 0) => (Nullable && !Node.IsAny ? "nullable " : "") + Node.Describe(depth);
}

/// <summary>One schema document: resolves <c>$ref</c> pointers and hands out one node per place.</summary>
internal sealed class SchemaDocument(JsonElement root)
{
    private readonly Dictionary<string, SchemaType> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public SchemaType At(string pointer, JsonElement element)
    {
        if (_nodes.TryGetValue(pointer, out var known))
        {
            return known;
        }
        if (!_resolving.Add(pointer))
        {
            // A $ref that points at itself (directly or through other refs) describes nothing checkable.
            return new SchemaType(SchemaNode.Any, nullable: true);
        }
        var type = SchemaNode.Read(this, element, pointer);
        _resolving.Remove(pointer);
        _nodes[pointer] = type;
        return type;
    }

    public SchemaType? Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }
        var pointer = reference[1..];
        if (!JsonPointer.TryParse(pointer, out var segments, out _))
        {
            return null;
        }
        var current = root;
        foreach (var segment in segments)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment.Name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && segment.Index is { } index && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return At(pointer, current);
    }
}
