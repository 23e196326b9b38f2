using System.Collections.Generic;
using System.Text;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

// Shapes to schema keywords: one case per kind of TypeShape, objects with their properties and
// required lists, and the JSON pointers a recursive type's $ref points back with.
internal sealed partial class SchemaWriter
{
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
                b = Element(b, ",\"items\":", "/items", shape.Element!, ancestors);
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
                b = Element(b, ",\"additionalProperties\":", "/additionalProperties", shape.Element!, ancestors);
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

    // The schema of a collection's elements after its keyword (",\"items\":"), under that pointer segment
    // ("/items"); returns the builder to go on with, since a placeholder may have flushed the old one.
    private StringBuilder Element(StringBuilder b, string keyword, string segment, TypeShape element, List<(string Id, string Pointer)> ancestors)
    {
        b.Append(keyword);
        _path.Add(segment);
        Shape(element, Constraints.None, null, null, ancestors);
        _path.RemoveAt(_path.Count - 1);
        return Builder;
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

    private void AppendDefault(StringBuilder b, string? defaultJson)
    {
        if (defaultJson is not null && !_strict)
        {
            b.Append(",\"default\":").Append(defaultJson);
        }
    }

    private static string Pointer(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
