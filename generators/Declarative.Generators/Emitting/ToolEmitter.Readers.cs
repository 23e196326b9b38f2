using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Declarative.Generators.Model;

namespace Declarative.Generators.Emitting;

// Argument readers: a tool's arguments object read in one pass (the property loop, duplicate and
// unknown names, required properties), each value read and checked where it lands. The methods that
// read a whole enum, object, array or dictionary type are in ToolEmitter.TypeReaders.cs.
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

            /// <summary>The slot of a value read into the local <c>{prefix}{name}</c>, seen when <c>h_{name}</c> is set.</summary>
            public static Slot For(string jsonName, string prefix, string name, TypeShape shape, Constraints constraints, bool isRequired) => new()
            {
                JsonName = jsonName,
                Target = prefix + name,
                Has = "h_" + name,
                Shape = shape,
                Constraints = constraints,
                IsRequired = isRequired,
            };
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
                    var slots = parameters.Select(p => Slot.For(p.Name, "a_", p.Name, p.Shape, p.Constraints, p.IsRequired)).ToList();
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
                        using (QuickOrPath(slot.Shape, slot.Constraints, slot.Target, "context.PushProperty(" + Literals.String(slot.JsonName) + ");"))
                        {
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

        /// <summary>
        /// Opens the full read of a value under its path (<paramref name="push"/> entered; the caller
        /// reads and pops). For a scalar without constraints that has a quick read (JsonRead.Quick.cs),
        /// the quick read comes first and stores <paramref name="target"/> without touching the path,
        /// and the full read is its <c>else</c>: the path is only needed to report an error.
        /// </summary>
        private SourceWriter.Block? QuickOrPath(TypeShape shape, Constraints constraints, string target, string push)
        {
            var quick = shape.IsNullable || Checks(shape, constraints, "_").Any() ? null : QuickReader(shape);
            if (quick is null)
            {
                _w.Line(push);
                return null;
            }
            var temp = "t" + (++_temp).ToString(CultureInfo.InvariantCulture);
            using (_w.Open("if (" + Ser + ".JsonRead." + quick + "(ref reader, out var " + temp + "))"))
            {
                _w.Line(target, " = ", temp, ";");
            }
            var block = _w.Open("else");
            _w.Line(push);
            return block;
        }

        private static string? QuickReader(TypeShape shape) => shape.Kind switch
        {
            ShapeKind.String => "QuickString",
            ShapeKind.Boolean => "QuickBoolean",
            ShapeKind.Integer when shape.Primitive == "Int32" => "QuickInt32",
            ShapeKind.Integer when shape.Primitive == "Int64" => "QuickInt64",
            ShapeKind.Number when shape.Primitive == "Decimal" => "QuickDecimal",
            _ => null,
        };

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
    }
}
