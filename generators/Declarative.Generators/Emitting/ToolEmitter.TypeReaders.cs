using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

// Type readers: one helper method per declared type a reader reaches (enums, objects with their
// construction, arrays and lists, dictionaries), queued on first use and named after the type.
internal static partial class ToolEmitter
{
    private sealed partial class Context
    {
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
                var slots = type.Properties.Select(p => Slot.For(p.JsonName, "p_", p.Name, p.Shape, p.Constraints, p.IsRequired)).ToList();
                EmitPropertyLoop(slots, "PropertyNames_" + id);
                ReturnUnlessOk();
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
            var slot = "t_Scratch_" + id;
            var concrete = shape.Collection switch
            {
                CollectionKind.Array => element.TypeName + "[]",
                CollectionKind.HashSet => "global::System.Collections.Generic.HashSet<" + element.TypeName + ">",
                _ => "global::System.Collections.Generic.List<" + element.TypeName + ">",
            };
            var saved = _temp;
            _temp = 0;
            using (OpenCollectionReader(id, concrete, "BeginArray"))
            {
                // Elements go into a per-thread scratch list and are copied once into a collection
                // of the right size, instead of growing one by doubling (JsonCollections).
                _w.Line("var items = ", Ser, ".JsonCollections.RentList(ref ", slot, ");");
                using (_w.Open("while (reader.Read() && reader.TokenType != " + TokenType + ".EndArray)"))
                {
                    ReadItem(element, "items.Add(item);", "context.PushIndex(items.Count);");
                }
                ReturnUnlessOk(Ser + ".JsonCollections.Return(items, ref " + slot + ");");
                _w.Line(shape.Collection switch
                {
                    CollectionKind.Array => "value = " + Ser + ".JsonCollections.ToArray(items, ref " + slot + ");",
                    CollectionKind.HashSet => "value = " + Ser + ".JsonCollections.ToHashSet(items, ref " + slot + ");",
                    _ => "value = " + Ser + ".JsonCollections.ToList(items, ref " + slot + ");",
                });
                _w.Line("return true;");
            }
            _temp = saved;
            EmitScratchSlot("global::System.Collections.Generic.List<" + element.TypeName + ">", slot);
        }

        private void EmitDictionaryReader(TypeShape shape, string id)
        {
            var element = shape.Element!;
            var slot = "t_Scratch_" + id;
            var concrete = "global::System.Collections.Generic.Dictionary<string, " + element.TypeName + ">";
            var saved = _temp;
            _temp = 0;
            using (OpenCollectionReader(id, concrete, "BeginObject"))
            {
                _w.Line("var map = ", Ser, ".JsonCollections.RentDictionary(ref ", slot, ");");
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
                    ReadItem(element, "entry = item;", "context.PushProperty(key);");
                }
                ReturnUnlessOk(Ser + ".JsonCollections.Return(map, ref " + slot + ");");
                _w.Line("value = ", Ser, ".JsonCollections.ToDictionary(map, ref ", slot, ");");
                _w.Line("return true;");
            }
            _temp = saved;
            EmitScratchSlot(concrete, slot);
        }

        // The reader's own scratch collection (JsonCollections): a thread-static field of this
        // non-generic class, so reaching it is a plain thread-local access, where a static field of a
        // generic helper class would cost a runtime lookup per access for reference-type elements.
        private void EmitScratchSlot(string type, string slot)
        {
            _w.Line();
            _w.Line("[global::System.ThreadStatic]");
            _w.Line("private static ", type, "? ", slot, ";");
            _w.Line();
        }

        // How every collection reader begins: its signature, the opening token checked, and the flag
        // that the items' failures clear. Dispose the result to close the method.
        private SourceWriter.Block OpenCollectionReader(string id, string concrete, string beginMethod)
        {
            var method = _w.Open("private static bool TryRead_" + id + "(" + Reader + ", out " + concrete + " value)");
            _w.Line("value = default!;");
            using (_w.Open("if (!" + Ser + ".JsonRead." + beginMethod + "(ref reader, context))"))
            {
                _w.Line("return false;");
            }
            _w.Line("var ok = true;");
            return method;
        }

        // One element: read quickly and stored, or read under the path step pushed, then stored and
        // the step popped (QuickOrPath).
        private void ReadItem(TypeShape element, string store, string push)
        {
            _w.Line(element.TypeName, " item = default!;");
            using (QuickOrPath(element, Constraints.None, "item", push))
            {
                ReadValue(element, Constraints.None, "item");
                _w.Line("context.Pop();");
            }
            _w.Line(store);
        }

        private void ReturnUnlessOk(string? cleanUp = null)
        {
            using (_w.Open("if (!ok)"))
            {
                if (cleanUp is not null)
                {
                    _w.Line(cleanUp);
                }
                _w.Line("return false;");
            }
        }
    }
}
