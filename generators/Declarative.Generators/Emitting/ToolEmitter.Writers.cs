using System.Globalization;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

internal static partial class ToolEmitter
{
    private sealed partial class Context
    {
        private const string Writer = Ser + ".JsonResultWriter writer";

        /// <summary>Writes <paramref name="expression"/> as System.Text.Json (with AIJsonUtilities' defaults) would.</summary>
        private void WriteValue(TypeShape shape, string expression)
        {
            if (shape.IsNullable && shape.Kind is not (ShapeKind.String or ShapeKind.Uri or ShapeKind.JsonNode))
            {
                var temp = "v" + (++_temp).ToString(CultureInfo.InvariantCulture);
                using (_w.Open("if (" + expression + " is { } " + temp + ")"))
                {
                    WriteNonNull(shape, temp);
                }
                using (_w.Open("else"))
                {
                    _w.Line("writer.WriteNullValue();");
                }
                return;
            }
            WriteNonNull(shape, expression);
        }

        private void WriteNonNull(TypeShape shape, string expression)
        {
            var write = Ser + ".JsonWrite.";
            switch (shape.Kind)
            {
                case ShapeKind.String:
                    _w.Line(write, "String(writer, ", expression, ");");
                    break;
                case ShapeKind.Char:
                    _w.Line(write, "Char(writer, ", expression, ");");
                    break;
                case ShapeKind.Boolean:
                    _w.Line("writer.WriteBooleanValue(", expression, ");");
                    break;
                case ShapeKind.Integer:
                case ShapeKind.Number:
                    _w.Line("writer.WriteNumberValue(", expression, ");");
                    break;
                case ShapeKind.Guid:
                case ShapeKind.DateTime:
                case ShapeKind.DateTimeOffset:
                    _w.Line("writer.WriteStringValue(", expression, ");");
                    break;
                case ShapeKind.DateOnly:
                case ShapeKind.TimeOnly:
                case ShapeKind.TimeSpan:
                case ShapeKind.Uri:
                case ShapeKind.JsonNode:
                    _w.Line(write, shape.Kind.ToString(), "(writer, ", expression, ");");
                    break;
                case ShapeKind.JsonElement:
                    _w.Line(write, "JsonElement(writer, ", expression, ");");
                    break;
                case ShapeKind.Serializer:
                    _w.Line(write + "WithSerializer<" + NonNullableName(shape) + ">(writer, " + expression + ", " + SerializerOptions + ");");
                    break;
                default:
                    _w.Line("Write_", Request(_writers, _writerNames, shape), "(writer, ", expression, ");");
                    break;
            }
        }

        private void EmitWriterMethod(TypeShape shape)
        {
            var id = MethodId(shape);
            var named = shape.TypeId is not null ? _types[shape.TypeId] : null;
            var saved = _temp;
            _temp = 0;
            using (_w.Open("private static void Write_" + id + "(" + Writer + ", " + shape.TypeName + " value)"))
            {
                var isReference = shape.Kind is ShapeKind.Array or ShapeKind.Dictionary
                    || (shape.Kind == ShapeKind.Object && !named!.IsValueType);
                if (isReference)
                {
                    using (_w.Open("if (value is null)"))
                    {
                        _w.Line("writer.WriteNullValue();");
                        _w.Line("return;");
                    }
                }
                switch (shape.Kind)
                {
                    case ShapeKind.Enum:
                        using (_w.Open("switch (value)"))
                        {
                            foreach (var member in named!.EnumMembers)
                            {
                                _w.Line("case ", shape.TypeName, ".", Naming.Escape(member.Name), ":");
                                _w.Line("    writer.WriteStringValue(", Literals.Utf8(member.JsonName), ");");
                                _w.Line("    break;");
                            }
                            _w.Line("default:");
                            _w.Line("    writer.WriteNumberValue(global::System.Convert.ToInt64(value, global::System.Globalization.CultureInfo.InvariantCulture));");
                            _w.Line("    break;");
                        }
                        break;
                    case ShapeKind.Object:
                        _w.Line("writer.WriteStartObject();");
                        foreach (var property in named!.Properties.Where(p => p.CanGet))
                        {
                            _w.Line("writer.WritePropertyName(", EncodedName(id, property), ");");
                            WriteValue(property.Shape, "value." + Naming.Escape(property.Name));
                        }
                        _w.Line("writer.WriteEndObject();");
                        break;
                    case ShapeKind.Array:
                        _w.Line("writer.WriteStartArray();");
                        using (_w.Open("foreach (var item in value)"))
                        {
                            WriteValue(shape.Element!, "item");
                        }
                        _w.Line("writer.WriteEndArray();");
                        break;
                    case ShapeKind.Dictionary:
                        _w.Line("writer.WriteStartObject();");
                        using (_w.Open("foreach (var pair in value)"))
                        {
                            _w.Line("writer.WritePropertyName(pair.Key);");
                            WriteValue(shape.Element!, "pair.Value");
                        }
                        _w.Line("writer.WriteEndObject();");
                        break;
                }
            }
            _temp = saved;
            _w.Line();
            var written = shape.Kind == ShapeKind.Object ? named!.Properties.Where(p => p.CanGet).ToList() : [];
            if (written.Count > 0)
            {
                // Encoded once: a name passed as plain UTF-8 is validated and checked for escaping on every write.
                foreach (var property in written)
                {
                    _w.Line("private static readonly " + Json + ".JsonEncodedText " + EncodedName(id, property) + " = " + Json + ".JsonEncodedText.Encode(" + Literals.Utf8(property.JsonName) + ");");
                }
                _w.Line();
            }
        }

        private static string EncodedName(string id, PropertyModel property) => "Name_" + id + "_" + property.Name;
    }
}
