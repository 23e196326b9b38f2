using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

internal static partial class ToolEmitter
{
    private sealed partial class Context
    {
        private const string Reader = "ref " + Ser + ".JsonTokenReader reader, " + Ser + ".JsonReadContext context";
        private const string TokenType = Json + ".JsonTokenType";

        /// <summary>One JSON property a reader loop matches: where its value goes and how it is checked.</summary>
        private sealed class Slot
        {
            public required string JsonName { get; init; }
            public required string Target { get; init; }
            public required string Has { get; init; }
            public required TypeShape Shape { get; init; }
            public required Constraints Constraints { get; init; }
            public bool IsRequired { get; init; }
        }

        private void EmitArgumentReader(ToolModel tool)
        {
            var parameters = tool.Parameters.Where(p => !p.IsCancellationToken).ToList();
            var outs = string.Concat(parameters.Select(p => ", out " + p.Shape.TypeName + " a_" + p.Name));
            _w.Line("/// <summary>Reads and validates <c>", tool.Name, "</c>'s arguments, recording every error with its path.</summary>");
            using (_w.Open("private static bool Read_" + Id(tool) + "(global::System.ReadOnlySpan<byte> json, " + Ser + ".JsonReadContext context" + outs + ")"))
            {
                foreach (var parameter in parameters)
                {
                    _w.Line("a_", parameter.Name, " = ", (parameter.IsRequired ? "default!" : parameter.DefaultValueExpression ?? "default!"), ";");
                }
                using (_w.Open("if (!" + Ser + ".JsonRead.CheckSize(json, context))"))
                {
                    _w.Line("return false;");
                }
                _w.Line("var reader = new ", Ser, ".JsonTokenReader(", Ser, ".JsonRead.ArgumentsOrEmptyObject(json), context.ReaderOptions);");
                using (_w.Open("try"))
                {
                    _w.Line("reader.Read();");
                    using (_w.Open("if (!" + Ser + ".JsonRead.BeginObject(ref reader, context))"))
                    {
                        _w.Line("return false;");
                    }
                    _w.Line("var ok = true;");
                    var slots = parameters.Select(p => new Slot
                    {
                        JsonName = p.Name,
                        Target = "a_" + p.Name,
                        Has = "h_" + p.Name,
                        Shape = p.Shape,
                        Constraints = p.Constraints,
                        IsRequired = p.IsRequired,
                    }).ToList();
                    EmitPropertyLoop(slots, "ArgumentNames_" + Id(tool));
                    _w.Line("return ok && ", Ser, ".JsonRead.EndArguments(ref reader, context);");
                }
                EmitReadCatches("return false;");
            }
            _w.Line();
            _w.Line("private static readonly string[] ArgumentNames_", Id(tool), " = ", Literals.StringArray(parameters.Select(p => p.Name)), ";");
            _w.Line();

            if (tool.ReturnShape is { } returnShape && DirectResult(returnShape) is null)
            {
                using (_w.Open("private static void WriteResult_" + Id(tool) + "(" + Ser + ".JsonResultWriter writer, " + returnShape.TypeName + " value)"))
                {
                    WriteValue(returnShape, "value");
                }
                _w.Line();
            }
        }

        /// <summary>
        /// What a top-level read does with what the reader throws: malformed (or too deep) JSON and
        /// text that is not valid UTF-8 become path-addressed errors; <paramref name="onFailure"/> follows each.
        /// </summary>
        private void EmitReadCatches(string onFailure)
        {
            _w.Line("catch (", Json, ".JsonException exception)");
            using (_w.Open())
            {
                _w.Line(Ser, ".JsonRead.Malformed(context, exception);");
                _w.Line(onFailure);
            }
            _w.Line("catch (global::System.InvalidOperationException exception)");
            using (_w.Open())
            {
                _w.Line(Ser, ".JsonRead.InvalidText(context, exception);");
                _w.Line(onFailure);
            }
        }

        /// <summary>
        /// The loop over an object's properties: match each name, refuse duplicates and unknown
        /// names, read the value under its path, then report every required property not seen.
        /// </summary>
        private void EmitPropertyLoop(List<Slot> slots, string namesField)
        {
            foreach (var slot in slots)
            {
                _w.Line("var ", slot.Has, " = false;");
            }
            using (_w.Open("while (reader.Read() && reader.TokenType == " + TokenType + ".PropertyName)"))
            {
                if (slots.Count > 0)
                {
                    _w.Line("var name = ", Ser, ".JsonRead.Utf8Text(ref reader);");
                }
                for (var i = 0; i < slots.Count; i++)
                {
                    var slot = slots[i];
                    using (_w.Open((i == 0 ? "if" : "else if") + " (" + NameIs("name", slot.JsonName) + ")"))
                    {
                        using (_w.Open("if (" + slot.Has + ")"))
                        {
                            _w.Line("ok &= ", Ser, ".JsonRead.DuplicateProperty(ref reader, context, ", Literals.String(slot.JsonName), ");");
                            _w.Line("continue;");
                        }
                        _w.Line(slot.Has, " = true;");
                        _w.Line("reader.Read();");
                        _w.Line("context.PushProperty(", Literals.String(slot.JsonName), ");");
                        if (!slot.IsRequired && !slot.Shape.IsNullable)
                        {
                            // Strict schemas send optional values as null: under that option null means "use the default".
                            using (_w.Open("if (reader.TokenType == " + TokenType + ".Null && context.Options.NullMeansDefault)"))
                            {
                                _w.Line(slot.Has, " = false;");
                            }
                            using (_w.Open("else"))
                            {
                                ReadValue(slot.Shape, slot.Constraints, slot.Target);
                            }
                        }
                        else
                        {
                            ReadValue(slot.Shape, slot.Constraints, slot.Target);
                        }
                        _w.Line("context.Pop();");
                    }
                }
                if (slots.Count == 0)
                {
                    _w.Line("ok &= ", Ser, ".JsonRead.UnknownProperty(ref reader, context, ", namesField, ");");
                }
                else
                {
                    using (_w.Open("else"))
                    {
                        _w.Line("ok &= ", Ser, ".JsonRead.UnknownProperty(ref reader, context, ", namesField, ");");
                    }
                }
            }
            foreach (var slot in slots.Where(s => s.IsRequired))
            {
                using (_w.Open("if (!" + slot.Has + ")"))
                {
                    _w.Line("ok = false;");
                    _w.Line("context.AddMissing(", Literals.String(slot.JsonName), ");");
                }
            }
        }

        // Matching unescaped UTF-8 against a u8 literal: the JIT turns each comparison into a length
        // check and a load or two, where a chain of ValueTextEquals calls re-examines the token each time.
        private static string NameIs(string text, string name)
            => "global::System.MemoryExtensions.SequenceEqual(" + text + ", " + Literals.Utf8(name) + ")";

        /// <summary>Reads the value under the reader into <paramref name="target"/>; on failure sets <c>ok</c> to false.</summary>
        private void ReadValue(TypeShape shape, Constraints constraints, string target)
        {
            if (shape.IsNullable)
            {
                using (_w.Open("if (reader.TokenType == " + TokenType + ".Null)"))
                {
                    _w.Line(target, " = null;");
                }
                using (_w.Open("else"))
                {
                    ReadNonNull(shape, constraints, target);
                }
                return;
            }
            ReadNonNull(shape, constraints, target);
        }

        private void ReadNonNull(TypeShape shape, Constraints constraints, string target)
        {
            var temp = "t" + (++_temp).ToString(CultureInfo.InvariantCulture);
            using (_w.Open("if (" + ReaderCall(shape, temp) + ")"))
            {
                _w.Line(target, " = ", temp, ";");
                foreach (var check in Checks(shape, constraints, temp))
                {
                    _w.Line("ok &= ", check, ";");
                }
            }
            using (_w.Open("else"))
            {
                _w.Line("ok = false;");
            }
        }

        private IEnumerable<string> Checks(TypeShape shape, Constraints constraints, string value)
        {
            var read = Ser + ".JsonRead.";
            string Int(int? v, string fallback) => v?.ToString(CultureInfo.InvariantCulture) ?? fallback;
            switch (shape.Kind)
            {
                case ShapeKind.String:
                    if (constraints.MinLength is not null || constraints.MaxLength is not null)
                    {
                        yield return read + "CheckLength(context, " + value + ", " + Int(constraints.MinLength, "0") + ", " + Int(constraints.MaxLength, "int.MaxValue") + ")";
                    }
                    if (constraints.Pattern is { } pattern)
                    {
                        var index = _patterns.IndexOf(pattern);
                        if (index < 0)
                        {
                            index = _patterns.Count;
                            _patterns.Add(pattern);
                        }
                        yield return read + "CheckPattern(context, " + value + ", Pattern" + index.ToString(CultureInfo.InvariantCulture) + ")";
                    }
                    if (constraints.Format == "email")
                    {
                        yield return read + "CheckEmail(context, " + value + ")";
                    }
                    else if (constraints.IsUrl)
                    {
                        yield return read + "CheckUrl(context, " + value + ")";
                    }
                    break;
                case ShapeKind.Array when constraints.MinLength is not null || constraints.MaxLength is not null:
                    var count = value + (shape.Collection == CollectionKind.Array ? ".Length" : ".Count");
                    yield return read + "CheckCount(context, " + count + ", " + Int(constraints.MinLength, "0") + ", " + Int(constraints.MaxLength, "int.MaxValue") + ")";
                    break;
                case ShapeKind.Integer:
                case ShapeKind.Number:
                    if (constraints.Minimum is not null || constraints.Maximum is not null)
                    {
                        yield return read + "CheckRange(context, (double)" + value + ", "
                            + (constraints.Minimum ?? "double.NegativeInfinity") + ", " + (constraints.Maximum ?? "double.PositiveInfinity") + ", "
                            + Literals.Bool(constraints.MinimumExclusive) + ", " + Literals.Bool(constraints.MaximumExclusive) + ")";
                    }
                    break;
            }
        }

        private string ReaderCall(TypeShape shape, string temp)
        {
            var read = Ser + ".JsonRead.";
            var args = "(ref reader, context, out var " + temp + ")";
            switch (shape.Kind)
            {
                case ShapeKind.String: return read + "TryReadString" + args;
                case ShapeKind.Char: return read + "TryReadChar" + args;
                case ShapeKind.Boolean: return read + "TryReadBoolean" + args;
                case ShapeKind.Integer:
                case ShapeKind.Number:
                    return read + "TryRead" + shape.Primitive + args;
                case ShapeKind.Guid: return read + "TryReadGuid" + args;
                case ShapeKind.DateTime: return read + "TryReadDateTime" + args;
                case ShapeKind.DateTimeOffset: return read + "TryReadDateTimeOffset" + args;
                case ShapeKind.DateOnly: return read + "TryReadDateOnly" + args;
                case ShapeKind.TimeOnly: return read + "TryReadTimeOnly" + args;
                case ShapeKind.TimeSpan: return read + "TryReadTimeSpan" + args;
                case ShapeKind.Uri: return read + "TryReadUri" + args;
                case ShapeKind.JsonElement: return read + "TryReadJsonElement" + args;
                case ShapeKind.JsonNode: return read + "TryReadJsonNode" + args;
                case ShapeKind.Serializer:
                    return read + "TryReadWithSerializer<" + NonNullableName(shape) + ">(ref reader, context, " + SerializerOptions + ", out var " + temp + ")";
                default:
                    return "TryRead_" + Request(_readers, _readerNames, shape) + args;
            }
        }

        /// <summary>Queues a helper method for a composite shape and returns its name suffix.</summary>
        private string Request(List<TypeShape> queue, HashSet<string> names, TypeShape shape)
        {
            var nonNullable = shape with { IsNullable = false, TypeName = NonNullableName(shape), UnderlyingTypeName = null };
            var id = MethodId(nonNullable);
            if (names.Add(id))
            {
                queue.Add(nonNullable);
            }
            return id;
        }

        /// <summary>
        /// The helper-method suffix for a shape: one per distinct declared type. Collections spell
        /// out their structure (<c>ArrayOf_Int32</c>, <c>ListOf_ArrayOf_Int32</c>) so an array never
        /// shares a name with its element type.
        /// </summary>
        private string MethodId(TypeShape shape) => MethodIdFor(shape.TypeName, Readable(shape));

        private static string Readable(TypeShape shape)
        {
            var element = shape.Element is { } e ? Readable(e) + (e.IsNullable ? "_N" : "") : "";
            return shape.Kind switch
            {
                ShapeKind.Array => (shape.Collection switch
                {
                    CollectionKind.Array => "ArrayOf_",
                    CollectionKind.HashSet => "SetOf_",
                    _ => "ListOf_",
                }) + element,
                ShapeKind.Dictionary => "MapOf_" + element,
                _ => SimpleName(shape.UnderlyingTypeName ?? shape.TypeName),
            };
        }

        private static string SimpleName(string typeName)
        {
            var name = typeName.TrimEnd('?');
            var generic = name.IndexOf('<');
            var head = generic >= 0 ? name.Substring(0, generic) : name;
            var dot = head.LastIndexOf('.');
            var colon = head.LastIndexOf(':');
            var start = System.Math.Max(dot, colon) + 1;
            var simple = head.Substring(start) + (generic >= 0 ? "_" + Naming.Identifier(name.Substring(generic)) : "");
            return Naming.Identifier(simple);
        }

        private static string NonNullableName(TypeShape shape)
            => shape.UnderlyingTypeName ?? (shape.TypeName.EndsWith("?", System.StringComparison.Ordinal) && shape.IsNullable
                ? shape.TypeName.Substring(0, shape.TypeName.Length - 1)
                : shape.TypeName);

        private void EmitReaderMethod(TypeShape shape)
        {
            var id = MethodId(shape);
            switch (shape.Kind)
            {
                case ShapeKind.Enum:
                    EmitEnumReader(shape, _types[shape.TypeId!], id);
                    break;
                case ShapeKind.Object:
                    EmitObjectReader(shape, _types[shape.TypeId!], id);
                    break;
                case ShapeKind.Array:
                    EmitArrayReader(shape, id);
                    break;
                case ShapeKind.Dictionary:
                    EmitDictionaryReader(shape, id);
                    break;
            }
        }

        private void EmitEnumReader(TypeShape shape, NamedType type, string id)
        {
            using (_w.Open("private static bool TryRead_" + id + "(" + Reader + ", out " + shape.TypeName + " value)"))
            {
                using (_w.Open("if (reader.TokenType == " + TokenType + ".String)"))
                {
                    _w.Line("var text = ", Ser, ".JsonRead.Utf8Text(ref reader);");
                    foreach (var member in type.EnumMembers)
                    {
                        using (_w.Open("if (" + NameIs("text", member.JsonName) + ")"))
                        {
                            _w.Line("value = ", shape.TypeName, ".", Naming.Escape(member.Name), ";");
                            _w.Line("return true;");
                        }
                    }
                }
                _w.Line("value = default;");
                _w.Line("return ", Ser, ".JsonRead.InvalidEnum(ref reader, context, EnumNames_", id, ");");
            }
            _w.Line();
            _w.Line("private static readonly string[] EnumNames_", id, " = ", Literals.StringArray(type.EnumMembers.Select(m => m.JsonName)), ";");
            _w.Line();
        }

        private void EmitObjectReader(TypeShape shape, NamedType type, string id)
        {
            var saved = _temp;
            _temp = 0;
            using (_w.Open("private static bool TryRead_" + id + "(" + Reader + ", out " + shape.TypeName + " value)"))
            {
                _w.Line("value = default!;");
                using (_w.Open("if (!" + Ser + ".JsonRead.BeginObject(ref reader, context))"))
                {
                    _w.Line("return false;");
                }
                _w.Line("var ok = true;");
                foreach (var property in type.Properties)
                {
                    var initial = property.ConstructorIndex >= 0 && !property.IsRequired
                        ? property.DefaultValueExpression ?? "default!"
                        : "default!";
                    _w.Line(property.Shape.TypeName, " p_", property.Name, " = ", initial, ";");
                }
                var slots = type.Properties.Select(p => new Slot
                {
                    JsonName = p.JsonName,
                    Target = "p_" + p.Name,
                    Has = "h_" + p.Name,
                    Shape = p.Shape,
                    Constraints = p.Constraints,
                    IsRequired = p.IsRequired,
                }).ToList();
                EmitPropertyLoop(slots, "PropertyNames_" + id);
                using (_w.Open("if (!ok)"))
                {
                    _w.Line("return false;");
                }
                EmitConstruction(shape, type, id);
                _w.Line("return true;");
            }
            _temp = saved;
            _w.Line();
            _w.Line("private static readonly string[] PropertyNames_", id, " = ", Literals.StringArray(type.Properties.Select(p => p.JsonName)), ";");
            _w.Line();
            foreach (var property in type.Properties.Where(p => NeedsInitAccessor(type, p)))
            {
                _w.Line("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = ", Literals.String("set_" + property.Name), ")]");
                _w.Line("private static extern void Init_" + id + "_" + property.Name + "(" + shape.TypeName + " instance, " + property.Shape.TypeName + " value);");
                _w.Line();
            }
        }

        // An optional init-only property of a class can't be set conditionally in an object
        // initializer; records and structs use 'with', classes call the init accessor directly.
        private static bool NeedsInitAccessor(NamedType type, PropertyModel property)
            => property.CanSet && property.IsInitOnly && !property.IsRequired && !type.IsRecord && !type.IsValueType;

        private void EmitConstruction(TypeShape shape, NamedType type, string id)
        {
            var arguments = type.Properties
                .Where(p => p.ConstructorIndex >= 0)
                .OrderBy(p => p.ConstructorIndex)
                .Select(p => "p_" + p.Name);
            var initializers = type.Properties
                .Where(p => p.CanSet && p.IsRequired)
                .Select(p => Naming.Escape(p.Name) + " = p_" + p.Name)
                .ToList();
            var creation = "new " + shape.TypeName + "(" + string.Join(", ", arguments) + ")";
            if (initializers.Count > 0)
            {
                _w.Line("value = ", creation);
                using (_w.Open(null, "};"))
                {
                    foreach (var initializer in initializers)
                    {
                        _w.Line(initializer, ",");
                    }
                }
            }
            else
            {
                _w.Line("value = ", creation, ";");
            }
            foreach (var property in type.Properties.Where(p => p.CanSet && !p.IsRequired))
            {
                using (_w.Open("if (h_" + property.Name + ")"))
                {
                    if (!property.IsInitOnly)
                    {
                        _w.Line("value.", Naming.Escape(property.Name), " = p_", property.Name, ";");
                    }
                    else if (NeedsInitAccessor(type, property))
                    {
                        _w.Line("Init_" + id + "_" + property.Name + "(value, p_" + property.Name + ");");
                    }
                    else
                    {
                        _w.Line("value = value with { ", Naming.Escape(property.Name), " = p_", property.Name, " };");
                    }
                }
            }
        }

        private void EmitArrayReader(TypeShape shape, string id)
        {
            var element = shape.Element!;
            var concrete = shape.Collection switch
            {
                CollectionKind.Array => element.TypeName + "[]",
                CollectionKind.HashSet => "global::System.Collections.Generic.HashSet<" + element.TypeName + ">",
                _ => "global::System.Collections.Generic.List<" + element.TypeName + ">",
            };
            var saved = _temp;
            _temp = 0;
            using (_w.Open("private static bool TryRead_" + id + "(" + Reader + ", out " + concrete + " value)"))
            {
                _w.Line("value = default!;");
                using (_w.Open("if (!" + Ser + ".JsonRead.BeginArray(ref reader, context))"))
                {
                    _w.Line("return false;");
                }
                _w.Line("var ok = true;");
                _w.Line("var items = new global::System.Collections.Generic.List<", element.TypeName, ">();");
                using (_w.Open("while (reader.Read() && reader.TokenType != " + TokenType + ".EndArray)"))
                {
                    _w.Line("context.PushIndex(items.Count);");
                    _w.Line(element.TypeName, " item = default!;");
                    ReadValue(element, Constraints.None, "item");
                    _w.Line("items.Add(item);");
                    _w.Line("context.Pop();");
                }
                using (_w.Open("if (!ok)"))
                {
                    _w.Line("return false;");
                }
                _w.Line(shape.Collection switch
                {
                    CollectionKind.Array => "value = items.ToArray();",
                    CollectionKind.HashSet => "value = new global::System.Collections.Generic.HashSet<" + element.TypeName + ">(items);",
                    _ => "value = items;",
                });
                _w.Line("return true;");
            }
            _temp = saved;
            _w.Line();
        }

        private void EmitDictionaryReader(TypeShape shape, string id)
        {
            var element = shape.Element!;
            var concrete = "global::System.Collections.Generic.Dictionary<string, " + element.TypeName + ">";
            var saved = _temp;
            _temp = 0;
            using (_w.Open("private static bool TryRead_" + id + "(" + Reader + ", out " + concrete + " value)"))
            {
                _w.Line("value = default!;");
                using (_w.Open("if (!" + Ser + ".JsonRead.BeginObject(ref reader, context))"))
                {
                    _w.Line("return false;");
                }
                _w.Line("var ok = true;");
                _w.Line("var map = new ", concrete, "();");
                using (_w.Open("while (reader.Read() && reader.TokenType == " + TokenType + ".PropertyName)"))
                {
                    _w.Line("var key = reader.GetString();");
                    // One hash lookup finds a duplicate and reserves the entry; the value is stored once read.
                    _w.Line("ref var entry = ref global::System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var duplicate);");
                    using (_w.Open("if (duplicate)"))
                    {
                        _w.Line("ok &= ", Ser, ".JsonRead.DuplicateProperty(ref reader, context, key);");
                        _w.Line("continue;");
                    }
                    _w.Line("reader.Read();");
                    _w.Line("context.PushProperty(key);");
                    _w.Line(element.TypeName, " item = default!;");
                    ReadValue(element, Constraints.None, "item");
                    _w.Line("entry = item;");
                    _w.Line("context.Pop();");
                }
                using (_w.Open("if (!ok)"))
                {
                    _w.Line("return false;");
                }
                _w.Line("value = map;");
                _w.Line("return true;");
            }
            _temp = saved;
            _w.Line();
        }
    }
}
