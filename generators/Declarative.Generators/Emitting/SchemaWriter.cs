using System.Collections.Generic;
using System.Linq;
using System.Text;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Writes the JSON schema of a shape, in the form <c>AIJsonUtilities.CreateFunctionJsonSchema</c>
/// produces (same keywords, same order where it matters to a reader), plus our extra strictness:
/// closed objects, CLR integer bounds and anchored patterns. A recursive type refers to its first
/// occurrence with a <c>$ref</c> JSON pointer. Types left to System.Text.Json become a placeholder
/// filled in at run time, so such a schema is an expression rather than a constant.
/// </summary>
internal sealed class SchemaWriter
{
    // Must equal Declarative.Serialization.JsonRead.TimeSpanPattern, which the reader enforces.
    private const string TimeSpanPattern = @"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";

    private readonly Dictionary<string, NamedType> _types;
    private readonly bool _strict;
    private readonly List<(string? Text, string? SerializerType)> _parts = new();
    private readonly StringBuilder _current = new();

    public SchemaWriter(Dictionary<string, NamedType> types, bool strict = false)
    {
        _types = types;
        _strict = strict;
    }

    /// <summary>
    /// In strict mode, why the schema cannot be strict (the first reason found), or null when it can.
    /// Strict schemas, as OpenAI's structured outputs define them, close every object and require every
    /// property; they cannot express open dictionaries, "any" values, recursion or serializer-defined types.
    /// </summary>
    public string? StrictFailure { get; private set; }

    /// <summary>
    /// The strict variant of a tool's arguments schema: every property required, optional ones as a
    /// null union (the reader then treats null as "use the default"), no defaults. Null when the tool
    /// cannot be strict; <paramref name="reason"/> says why.
    /// </summary>
    public static SchemaWriter? ForStrictParameters(ToolModel tool, Dictionary<string, NamedType> types, out string? reason)
    {
        var writer = Parameters(tool, types, strict: true);
        reason = writer.StrictFailure;
        return reason is null ? writer : null;
    }

    /// <summary>The schema of a tool's arguments object.</summary>
    public static SchemaWriter ForParameters(ToolModel tool, Dictionary<string, NamedType> types) => Parameters(tool, types, strict: false);

    // One arguments object, two forms: strict requires every parameter (optional ones widened to allow
    // null) and drops defaults; the ordinary form requires only the parameters without defaults.
    private static SchemaWriter Parameters(ToolModel tool, Dictionary<string, NamedType> types, bool strict)
    {
        var writer = new SchemaWriter(types, strict);
        var parameters = tool.Parameters.Where(p => !p.IsCancellationToken).ToList();
        var ancestors = new List<(string Id, string Pointer)>();
        writer.Raw("{\"type\":\"object\",\"properties\":{");
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (i > 0)
            {
                writer.Raw(",");
            }
            writer.Raw(ShapeBuilder.ToJsonString(parameter.Name) + ":");
            var shape = strict && !parameter.IsRequired ? parameter.Shape with { IsNullable = true } : parameter.Shape;
            writer.Shape(shape, parameter.Constraints, parameter.Description, parameter.DefaultValueJson,
                "#/properties/" + Pointer(parameter.Name), ancestors);
        }
        writer.Raw("}");
        var required = parameters.Where(p => strict || p.IsRequired).Select(p => ShapeBuilder.ToJsonString(p.Name)).ToList();
        if (required.Count > 0)
        {
            writer.Raw(",\"required\":[" + string.Join(",", required) + "]");
        }
        writer.Raw(",\"additionalProperties\":false}");
        return writer;
    }

    /// <summary>The schema of a tool's result.</summary>
    public static SchemaWriter ForReturn(TypeShape shape, string? description, Dictionary<string, NamedType> types)
    {
        var writer = new SchemaWriter(types);
        writer.Shape(shape, Constraints.None, description, null, "#", new List<(string, string)>());
        return writer;
    }

    /// <summary>Whether the schema is one constant string.</summary>
    public bool IsConstant => _parts.All(p => p.Text is not null);

    /// <summary>The schema as a C# expression; <paramref name="optionsExpression"/> supplies serializer options for placeholders.</summary>
    public string ToExpression(string optionsExpression)
    {
        Flush();
        if (_parts.Count == 1 && _parts[0].Text is { } only)
        {
            return Literals.Json(only);
        }
        var pieces = _parts.Select(p => p.Text is not null
            ? Literals.Json(p.Text)
            : "global::Declarative.Serialization.ToolSchemas.For(typeof(" + p.SerializerType + "), " + optionsExpression + ")");
        return "string.Concat(" + string.Join(", ", pieces) + ")";
    }

    /// <summary>The schema text with placeholders shown as <c>{}</c>; for tests and diagnostics.</summary>
    public override string ToString()
    {
        Flush();
        return string.Concat(_parts.Select(p => p.Text ?? "{}"));
    }

    private void Raw(string text) => _current.Append(text);

    private void Flush()
    {
        if (_current.Length > 0)
        {
            _parts.Add((_current.ToString(), null));
            _current.Clear();
        }
    }

    private void Shape(TypeShape shape, Constraints constraints, string? description, string? defaultJson, string pointer,
                       List<(string Id, string Pointer)> ancestors)
    {
        if (_strict && StrictFailure is null)
        {
            StrictFailure = shape.Kind switch
            {
                ShapeKind.Serializer => "type '" + shape.TypeName + "' is left to System.Text.Json",
                ShapeKind.Dictionary => "dictionaries are open objects",
                ShapeKind.JsonElement or ShapeKind.JsonNode => "'any' values have no strict schema",
                ShapeKind.Object when shape.TypeId is not null && ancestors.Any(a => a.Id == shape.TypeId) => "type '" + shape.TypeName + "' is recursive",
                _ => null,
            };
        }

        if (shape.Kind == ShapeKind.Serializer)
        {
            Flush();
            _parts.Add((null, shape.IsNullable && shape.UnderlyingTypeName is { } underlying ? shape.TypeName : shape.TypeName.TrimEnd('?')));
            return;
        }

        var members = new List<string>();
        if (description is null && shape.TypeId is not null && _types.TryGetValue(shape.TypeId, out var named))
        {
            description = named.Description;
        }
        if (description is not null)
        {
            members.Add("\"description\":" + ShapeBuilder.ToJsonString(description));
        }

        if (shape.Kind == ShapeKind.Object && shape.TypeId is not null)
        {
            var ancestor = ancestors.FirstOrDefault(a => a.Id == shape.TypeId);
            if (ancestor.Id is not null)
            {
                var reference = "{\"$ref\":" + ShapeBuilder.ToJsonString(ancestor.Pointer) + "}";
                members.Add(shape.IsNullable ? "\"anyOf\":[" + reference + ",{\"type\":\"null\"}]" : "\"$ref\":" + ShapeBuilder.ToJsonString(ancestor.Pointer));
                Raw("{" + string.Join(",", members) + "}");
                return;
            }
        }

        string Type(string name) => "\"type\":" + (shape.IsNullable ? "[\"" + name + "\",\"null\"]" : "\"" + name + "\"");

        switch (shape.Kind)
        {
            case ShapeKind.String:
                members.Add(Type("string"));
                StringConstraints(members, constraints);
                break;
            case ShapeKind.Char:
                members.Add(Type("string"));
                members.Add("\"minLength\":1");
                members.Add("\"maxLength\":1");
                break;
            case ShapeKind.Boolean:
                members.Add(Type("boolean"));
                break;
            case ShapeKind.Integer:
                members.Add(Type("integer"));
                NumberConstraints(members, constraints, IntegerBounds(shape.Primitive));
                break;
            case ShapeKind.Number:
                members.Add(Type("number"));
                NumberConstraints(members, constraints, null);
                break;
            case ShapeKind.Guid:
                members.Add(Type("string"));
                members.Add("\"format\":\"uuid\"");
                break;
            case ShapeKind.DateTime:
            case ShapeKind.DateTimeOffset:
                members.Add(Type("string"));
                members.Add("\"format\":\"date-time\"");
                break;
            case ShapeKind.DateOnly:
                members.Add(Type("string"));
                members.Add("\"format\":\"date\"");
                break;
            case ShapeKind.TimeOnly:
                members.Add(Type("string"));
                members.Add("\"format\":\"time\"");
                break;
            case ShapeKind.TimeSpan:
                members.Insert(0, "\"$comment\":\"Represents a System.TimeSpan value.\"");
                members.Add(Type("string"));
                members.Add("\"pattern\":" + ShapeBuilder.ToJsonString(TimeSpanPattern));
                break;
            case ShapeKind.Uri:
                members.Add(Type("string"));
                members.Add("\"format\":\"uri\"");
                break;
            case ShapeKind.JsonElement:
            case ShapeKind.JsonNode:
                break;
            case ShapeKind.Enum:
                members.Add(Type("string"));
                var values = _types[shape.TypeId!].EnumMembers.Select(m => ShapeBuilder.ToJsonString(m.JsonName)).ToList();
                if (shape.IsNullable)
                {
                    values.Add("null");
                }
                members.Add("\"enum\":[" + string.Join(",", values) + "]");
                break;
            case ShapeKind.Array:
                members.Add(Type("array"));
                Raw("{" + string.Join(",", members) + (members.Count > 0 ? "," : "") + "\"items\":");
                Shape(shape.Element!, Constraints.None, null, null, pointer + "/items", ancestors);
                members.Clear();
                if (constraints.MinLength is { } minItems)
                {
                    members.Add("\"minItems\":" + minItems.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                if (constraints.MaxLength is { } maxItems)
                {
                    members.Add("\"maxItems\":" + maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                AddDefault(members, defaultJson);
                Raw(string.Concat(members.Select(m => "," + m)) + "}");
                return;
            case ShapeKind.Dictionary:
                members.Add(Type("object"));
                Raw("{" + string.Join(",", members) + ",\"additionalProperties\":");
                Shape(shape.Element!, Constraints.None, null, null, pointer + "/additionalProperties", ancestors);
                members.Clear();
                AddDefault(members, defaultJson);
                Raw(string.Concat(members.Select(m => "," + m)) + "}");
                return;
            case ShapeKind.Object:
                WriteObject(shape, members, defaultJson, pointer, ancestors);
                return;
        }

        AddDefault(members, defaultJson);
        Raw("{" + string.Join(",", members) + "}");
    }

    private void WriteObject(TypeShape shape, List<string> members, string? defaultJson, string pointer, List<(string Id, string Pointer)> ancestors)
    {
        var type = _types[shape.TypeId!];
        members.Add("\"type\":" + (shape.IsNullable ? "[\"object\",\"null\"]" : "\"object\""));
        Raw("{" + string.Join(",", members) + ",\"properties\":{");
        ancestors.Add((type.Id, pointer));
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            if (i > 0)
            {
                Raw(",");
            }
            Raw(ShapeBuilder.ToJsonString(property.JsonName) + ":");
            var propertyShape = _strict && !property.IsRequired ? property.Shape with { IsNullable = true } : property.Shape;
            Shape(propertyShape, property.Constraints, property.Description, property.DefaultValueJson,
                pointer + "/properties/" + Pointer(property.JsonName), ancestors);
        }
        ancestors.RemoveAt(ancestors.Count - 1);
        Raw("}");
        var required = type.Properties.Where(p => _strict || p.IsRequired).Select(p => ShapeBuilder.ToJsonString(p.JsonName)).ToList();
        if (required.Count > 0)
        {
            Raw(",\"required\":[" + string.Join(",", required) + "]");
        }
        Raw(",\"additionalProperties\":false");
        var tail = new List<string>();
        AddDefault(tail, defaultJson);
        Raw(string.Concat(tail.Select(m => "," + m)) + "}");
    }

    private static void StringConstraints(List<string> members, Constraints constraints)
    {
        if (constraints.Format is { } format)
        {
            members.Add("\"format\":" + ShapeBuilder.ToJsonString(format));
        }
        if (constraints.MinLength is { } min)
        {
            members.Add("\"minLength\":" + min.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.MaxLength is { } max)
        {
            members.Add("\"maxLength\":" + max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.Pattern is { } pattern)
        {
            members.Add("\"pattern\":" + ShapeBuilder.ToJsonString(AnchoredPattern(pattern)));
        }
        else if (constraints.Format == "uri" && constraints.IsUrl)
        {
            // [Url] allows only http, https and ftp; format "uri" alone would admit mailto: and the like.
            members.Add("\"pattern\":" + ShapeBuilder.ToJsonString(UrlSchemePattern));
        }
    }

    private static void NumberConstraints(List<string> members, Constraints constraints, (string Min, string Max)? bounds)
    {
        var min = constraints.Minimum ?? bounds?.Min;
        var max = constraints.Maximum ?? bounds?.Max;
        if (min is not null)
        {
            members.Add((constraints.Minimum is not null && constraints.MinimumExclusive ? "\"exclusiveMinimum\":" : "\"minimum\":") + min);
        }
        if (max is not null)
        {
            members.Add((constraints.Maximum is not null && constraints.MaximumExclusive ? "\"exclusiveMaximum\":" : "\"maximum\":") + max);
        }
    }

    private void AddDefault(List<string> members, string? defaultJson)
    {
        if (defaultJson is not null && !_strict)
        {
            members.Add("\"default\":" + defaultJson);
        }
    }

    /// <summary>The schemes <c>[Url]</c> accepts, as a JSON Schema (ECMA-262) pattern.</summary>
    public const string UrlSchemePattern = "^([hH][tT][tT][pP][sS]?|[fF][tT][pP]):";

    /// <summary>The pattern as the reader applies it: to the whole string, as DataAnnotations does.</summary>
    public static string AnchoredPattern(string pattern)
        => pattern.StartsWith("^", System.StringComparison.Ordinal) && pattern.EndsWith("$", System.StringComparison.Ordinal) ? pattern : "^(?:" + pattern + ")$";

    /// <summary>The CLR range of an integer primitive, as JSON numbers.</summary>
    public static (string Min, string Max)? IntegerBounds(string? primitive) => primitive switch
    {
        "SByte" => ("-128", "127"),
        "Byte" => ("0", "255"),
        "Int16" => ("-32768", "32767"),
        "UInt16" => ("0", "65535"),
        "Int32" => ("-2147483648", "2147483647"),
        "UInt32" => ("0", "4294967295"),
        "Int64" => ("-9223372036854775808", "9223372036854775807"),
        "UInt64" => ("0", "18446744073709551615"),
        _ => null,
    };

    private static string Pointer(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
