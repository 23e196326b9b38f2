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
    // Builders above this capacity (in chars) are not kept for the next writer.
    private const int MaxCachedCapacity = 64 * 1024;

    [System.ThreadStatic]
    private static StringBuilder? t_cachedBuilder;

    private readonly List<(string? Text, string? SerializerType)> _parts = new();
    private readonly List<string> _path = new();
    private StringBuilder? _current;

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
        var ancestors = new List<(string Id, string Pointer)>();
        writer.Builder.Append("{\"type\":\"object\",\"properties\":{");
        var first = true;
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.IsCancellationToken)
            {
                continue;
            }
            if (!first)
            {
                writer.Builder.Append(',');
            }
            first = false;
            ShapeBuilder.AppendJsonString(writer.Builder, parameter.Name);
            writer.Builder.Append(':');
            var shape = strict && !parameter.IsRequired ? parameter.Shape with { IsNullable = true } : parameter.Shape;
            writer._path.Add("/properties/");
            writer._path.Add(Pointer(parameter.Name));
            writer.Shape(shape, parameter.Constraints, parameter.Description, parameter.DefaultValueJson, ancestors);
            writer._path.RemoveRange(writer._path.Count - 2, 2);
        }
        writer.Builder.Append('}');
        first = true;
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.IsCancellationToken || !(strict || parameter.IsRequired))
            {
                continue;
            }
            writer.Builder.Append(first ? ",\"required\":[" : ",");
            first = false;
            ShapeBuilder.AppendJsonString(writer.Builder, parameter.Name);
        }
        if (!first)
        {
            writer.Builder.Append(']');
        }
        writer.Builder.Append(",\"additionalProperties\":false}");
        return writer;
    }

    /// <summary>The schema of a tool's result.</summary>
    public static SchemaWriter ForReturn(TypeShape shape, string? description, Dictionary<string, NamedType> types)
    {
        var writer = new SchemaWriter(types);
        writer.Shape(shape, Constraints.None, description, null, new List<(string, string)>());
        return writer;
    }

    /// <summary>Whether the schema is one constant string.</summary>
    public bool IsConstant
    {
        get
        {
            foreach (var part in _parts)
            {
                if (part.Text is null)
                {
                    return false;
                }
            }
            return true;
        }
    }

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

    // The text being written, rented from the thread's cache until the writer is flushed for good.
    private StringBuilder Builder => _current ??= RentBuilder();

    private static StringBuilder RentBuilder()
    {
        var builder = t_cachedBuilder ?? new StringBuilder(1024);
        t_cachedBuilder = null;
        return builder;
    }

    private void Flush()
    {
        if (_current is { } current)
        {
            if (current.Length > 0)
            {
                _parts.Add((current.ToString(), null));
            }
            _current = null;
            current.Clear();
            if (current.Capacity <= MaxCachedCapacity)
            {
                t_cachedBuilder = current;
            }
        }
    }

    // The JSON pointer of the value being written: "#" and the path's segments.
    private string CurrentPointer()
    {
        if (_path.Count == 0)
        {
            return "#";
        }
        var builder = new StringBuilder("#");
        foreach (var segment in _path)
        {
            builder.Append(segment);
        }
        return builder.ToString();
    }

    private static string? AncestorPointer(List<(string Id, string Pointer)> ancestors, string id)
    {
        foreach (var ancestor in ancestors)
        {
            if (ancestor.Id == id)
            {
                return ancestor.Pointer;
            }
        }
        return null;
    }

    private static void Separate(StringBuilder b, ref bool first)
    {
        if (!first)
        {
            b.Append(',');
        }
        first = false;
    }

    private void Shape(TypeShape shape, Constraints constraints, string? description, string? defaultJson,
                       List<(string Id, string Pointer)> ancestors)
    {
        if (_strict && StrictFailure is null)
        {
            StrictFailure = shape.Kind switch
            {
                ShapeKind.Serializer => "type '" + shape.TypeName + "' is left to System.Text.Json",
                ShapeKind.Dictionary => "dictionaries are open objects",
                ShapeKind.JsonElement or ShapeKind.JsonNode => "'any' values have no strict schema",
                ShapeKind.Object when shape.TypeId is not null && AncestorPointer(ancestors, shape.TypeId) is not null => "type '" + shape.TypeName + "' is recursive",
                _ => null,
            };
        }

        if (shape.Kind == ShapeKind.Serializer)
        {
            Flush();
            _parts.Add((null, shape.IsNullable && shape.UnderlyingTypeName is { } underlying ? shape.TypeName : shape.TypeName.TrimEnd('?')));
            return;
        }

        var b = Builder;
        if (description is null && shape.TypeId is not null && _types.TryGetValue(shape.TypeId, out var named))
        {
            description = named.Description;
        }
        b.Append('{');
        var first = true;
        if (shape.Kind == ShapeKind.TimeSpan)
        {
            b.Append("\"$comment\":\"Represents a System.TimeSpan value.\"");
            first = false;
        }
        if (description is not null)
        {
            Separate(b, ref first);
            b.Append("\"description\":");
            ShapeBuilder.AppendJsonString(b, description);
        }

        if (shape.Kind == ShapeKind.Object && shape.TypeId is not null && AncestorPointer(ancestors, shape.TypeId) is { } ancestorPointer)
        {
            Separate(b, ref first);
            if (shape.IsNullable)
            {
                b.Append("\"anyOf\":[{\"$ref\":");
                ShapeBuilder.AppendJsonString(b, ancestorPointer);
                b.Append("},{\"type\":\"null\"}]");
            }
            else
            {
                b.Append("\"$ref\":");
                ShapeBuilder.AppendJsonString(b, ancestorPointer);
            }
            b.Append('}');
            return;
        }

        void Type(string name)
        {
            Separate(b, ref first);
            b.Append("\"type\":");
            if (shape.IsNullable)
            {
                b.Append("[\"").Append(name).Append("\",\"null\"]");
            }
            else
            {
                b.Append('"').Append(name).Append('"');
            }
        }

        switch (shape.Kind)
        {
            case ShapeKind.String:
                Type("string");
                StringConstraints(b, constraints);
                break;
            case ShapeKind.Char:
                Type("string");
                b.Append(",\"minLength\":1,\"maxLength\":1");
                break;
            case ShapeKind.Boolean:
                Type("boolean");
                break;
            case ShapeKind.Integer:
                Type("integer");
                NumberConstraints(b, constraints, IntegerBounds(shape.Primitive));
                break;
            case ShapeKind.Number:
                Type("number");
                NumberConstraints(b, constraints, null);
                break;
            case ShapeKind.Guid:
                Type("string");
                b.Append(",\"format\":\"uuid\"");
                break;
            case ShapeKind.DateTime:
            case ShapeKind.DateTimeOffset:
                Type("string");
                b.Append(",\"format\":\"date-time\"");
                break;
            case ShapeKind.DateOnly:
                Type("string");
                b.Append(",\"format\":\"date\"");
                break;
            case ShapeKind.TimeOnly:
                Type("string");
                b.Append(",\"format\":\"time\"");
                break;
            case ShapeKind.TimeSpan:
                Type("string");
                b.Append(",\"pattern\":");
                ShapeBuilder.AppendJsonString(b, TimeSpanPattern);
                break;
            case ShapeKind.Uri:
                Type("string");
                b.Append(",\"format\":\"uri\"");
                break;
            case ShapeKind.JsonElement:
            case ShapeKind.JsonNode:
                break;
            case ShapeKind.Enum:
                Type("string");
                b.Append(",\"enum\":[");
                var members = _types[shape.TypeId!].EnumMembers;
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(',');
                    }
                    ShapeBuilder.AppendJsonString(b, members[i].JsonName);
                }
                if (shape.IsNullable)
                {
                    b.Append(members.Count > 0 ? ",null" : "null");
                }
                b.Append(']');
                break;
            case ShapeKind.Array:
                Type("array");
                b.Append(",\"items\":");
                _path.Add("/items");
                Shape(shape.Element!, Constraints.None, null, null, ancestors);
                _path.RemoveAt(_path.Count - 1);
                b = Builder;
                if (constraints.MinLength is { } minItems)
                {
                    b.Append(",\"minItems\":").Append(minItems.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                if (constraints.MaxLength is { } maxItems)
                {
                    b.Append(",\"maxItems\":").Append(maxItems.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                AppendDefault(b, defaultJson);
                b.Append('}');
                return;
            case ShapeKind.Dictionary:
                Type("object");
                b.Append(",\"additionalProperties\":");
                _path.Add("/additionalProperties");
                Shape(shape.Element!, Constraints.None, null, null, ancestors);
                _path.RemoveAt(_path.Count - 1);
                b = Builder;
                AppendDefault(b, defaultJson);
                b.Append('}');
                return;
            case ShapeKind.Object:
                Separate(b, ref first);
                WriteObject(shape, defaultJson, ancestors);
                return;
        }

        if (defaultJson is not null && !_strict)
        {
            Separate(b, ref first);
            b.Append("\"default\":").Append(defaultJson);
        }
        b.Append('}');
    }

    // Continues an object's schema after "{" and its description (and the comma that follows them).
    private void WriteObject(TypeShape shape, string? defaultJson, List<(string Id, string Pointer)> ancestors)
    {
        var type = _types[shape.TypeId!];
        var b = Builder;
        b.Append(shape.IsNullable ? "\"type\":[\"object\",\"null\"],\"properties\":{" : "\"type\":\"object\",\"properties\":{");
        ancestors.Add((type.Id, CurrentPointer()));
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            if (i > 0)
            {
                Builder.Append(',');
            }
            ShapeBuilder.AppendJsonString(Builder, property.JsonName);
            Builder.Append(':');
            var propertyShape = _strict && !property.IsRequired ? property.Shape with { IsNullable = true } : property.Shape;
            _path.Add("/properties/");
            _path.Add(Pointer(property.JsonName));
            Shape(propertyShape, property.Constraints, property.Description, property.DefaultValueJson, ancestors);
            _path.RemoveRange(_path.Count - 2, 2);
        }
        ancestors.RemoveAt(ancestors.Count - 1);
        b = Builder;
        b.Append('}');
        var first = true;
        foreach (var property in type.Properties)
        {
            if (!(_strict || property.IsRequired))
            {
                continue;
            }
            b.Append(first ? ",\"required\":[" : ",");
            first = false;
            ShapeBuilder.AppendJsonString(b, property.JsonName);
        }
        if (!first)
        {
            b.Append(']');
        }
        b.Append(",\"additionalProperties\":false");
        AppendDefault(b, defaultJson);
        b.Append('}');
    }

    private static void StringConstraints(StringBuilder b, Constraints constraints)
    {
        if (constraints.Format is { } format)
        {
            b.Append(",\"format\":");
            ShapeBuilder.AppendJsonString(b, format);
        }
        if (constraints.MinLength is { } min)
        {
            b.Append(",\"minLength\":").Append(min.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.MaxLength is { } max)
        {
            b.Append(",\"maxLength\":").Append(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (constraints.Pattern is { } pattern)
        {
            b.Append(",\"pattern\":");
            ShapeBuilder.AppendJsonString(b, AnchoredPattern(pattern));
        }
        else if (constraints.Format == "uri" && constraints.IsUrl)
        {
            // [Url] allows only http, https and ftp; format "uri" alone would admit mailto: and the like.
            b.Append(",\"pattern\":");
            ShapeBuilder.AppendJsonString(b, UrlSchemePattern);
        }
    }

    private static void NumberConstraints(StringBuilder b, Constraints constraints, (string Min, string Max)? bounds)
    {
        var min = constraints.Minimum ?? bounds?.Min;
        var max = constraints.Maximum ?? bounds?.Max;
        if (min is not null)
        {
            b.Append(constraints.Minimum is not null && constraints.MinimumExclusive ? ",\"exclusiveMinimum\":" : ",\"minimum\":").Append(min);
        }
        if (max is not null)
        {
            b.Append(constraints.Maximum is not null && constraints.MaximumExclusive ? ",\"exclusiveMaximum\":" : ",\"maximum\":").Append(max);
        }
    }

    private void AppendDefault(StringBuilder b, string? defaultJson)
    {
        if (defaultJson is not null && !_strict)
        {
            b.Append(",\"default\":").Append(defaultJson);
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
