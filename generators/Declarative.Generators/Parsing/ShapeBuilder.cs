using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Turns .NET types into <see cref="TypeShape"/>s and the object and enum types they reach into
/// <see cref="NamedType"/>s. Shared by the generator and the analyzers, so "what is supported" has
/// one definition.
/// </summary>
internal sealed partial class ShapeBuilder
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Dictionary<string, NamedType> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _building = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;
    private readonly ParseCache _cache;
    private readonly KnownTypeSymbols _known;

    // Counts visits to enum and object types: a shape built without any is a leaf, the same wherever it is used.
    private int _namedVisits;

    /// <param name="known">The well-known types of the compilation the shaped types come from.</param>
    /// <param name="cancellationToken">Observed at every type.</param>
    /// <param name="cache">
    /// Facts about symbols shared with other builders on the same compilation (the caller holds its
    /// <see cref="ParseCache.Gate"/>); null for a private cache, as the analyzers use.
    /// </param>
    public ShapeBuilder(KnownTypeSymbols known, CancellationToken cancellationToken = default, ParseCache? cache = null)
    {
        _known = known;
        _cancellationToken = cancellationToken;
        _cache = cache ?? new ParseCache();
    }

    /// <summary>The symbol facts this builder reads through.</summary>
    public ParseCache Cache => _cache;

    /// <summary>The well-known types this builder recognises.</summary>
    public KnownTypeSymbols Known => _known;

    /// <summary>The named types reached so far, in the order first met.</summary>
    public IReadOnlyList<NamedType> Types => _order.ConvertAll(id => _types[id]);

    /// <summary>The named types reached so far, by id.</summary>
    public IReadOnlyDictionary<string, NamedType> TypesById => _types;

    private readonly List<string> _order = new();

    /// <summary>The fully qualified C# name of a type, with <c>global::</c> and nullable annotations.</summary>
    public static string TypeName(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>Describes a type as it appears at a use site (a parameter, property or return).</summary>
    public TypeShape Build(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();

        // A shape that reached no enum or object registered nothing and depends only on the type, so
        // it is built once per compilation (shapes are immutable records, safe to share).
        if (_cache.Leaves.TryGetValue(type, out var leaf))
        {
            return leaf;
        }
        var visits = _namedVisits;
        var shape = BuildUncached(type);
        if (visits == _namedVisits)
        {
            _cache.Leaves[type] = shape;
        }
        return shape;
    }

    private TypeShape BuildUncached(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = Build(nullable.TypeArguments[0]);
            return inner with
            {
                IsNullable = true,
                TypeName = _cache.TypeName(type),
                UnderlyingTypeName = inner.TypeName,
            };
        }

        var isNullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var shape = BuildNonNullable(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        return isNullableReference ? shape with { IsNullable = true, TypeName = _cache.TypeName(type) } : shape;
    }

    private TypeShape BuildNonNullable(ITypeSymbol type)
    {
        var name = _cache.TypeName(type);
        TypeShape Simple(ShapeKind kind, string? primitive = null) => new() { Kind = kind, TypeName = name, Primitive = primitive };
        TypeShape Unsupported(string reason) => new() { Kind = ShapeKind.Unsupported, TypeName = name, Reason = reason };
        TypeShape Serializer(string reason) => new() { Kind = ShapeKind.Serializer, TypeName = name, Reason = reason };

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Simple(ShapeKind.String);
            case SpecialType.System_Char: return Simple(ShapeKind.Char);
            case SpecialType.System_Boolean: return Simple(ShapeKind.Boolean);
            case SpecialType.System_SByte: return Simple(ShapeKind.Integer, "SByte");
            case SpecialType.System_Byte: return Simple(ShapeKind.Integer, "Byte");
            case SpecialType.System_Int16: return Simple(ShapeKind.Integer, "Int16");
            case SpecialType.System_UInt16: return Simple(ShapeKind.Integer, "UInt16");
            case SpecialType.System_Int32: return Simple(ShapeKind.Integer, "Int32");
            case SpecialType.System_UInt32: return Simple(ShapeKind.Integer, "UInt32");
            case SpecialType.System_Int64: return Simple(ShapeKind.Integer, "Int64");
            case SpecialType.System_UInt64: return Simple(ShapeKind.Integer, "UInt64");
            case SpecialType.System_Single: return Simple(ShapeKind.Number, "Single");
            case SpecialType.System_Double: return Simple(ShapeKind.Number, "Double");
            case SpecialType.System_Decimal: return Simple(ShapeKind.Number, "Decimal");
            case SpecialType.System_DateTime: return Simple(ShapeKind.DateTime);
            case SpecialType.System_Object: return Serializer("'object' has no fixed shape");
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return Unsupported("native-sized integers have no JSON representation");
            case SpecialType.System_Void:
                return Unsupported("void is not a value");
        }

        switch (type.TypeKind)
        {
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return Unsupported("pointers cannot cross the model boundary");
            case TypeKind.Delegate:
                return Unsupported("delegates cannot cross the model boundary");
            case TypeKind.TypeParameter:
                return Unsupported("open generic type parameters have no schema");
            case TypeKind.Dynamic:
                return Unsupported("'dynamic' has no schema");
            case TypeKind.Error:
                return Unsupported("the type could not be resolved");
        }

        if (type.IsRefLikeType)
        {
            return Unsupported("ref structs (spans) cannot be stored or serialized");
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
            {
                return Unsupported("multi-dimensional arrays are not supported; use a jagged array or a list");
            }
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return Serializer("byte[] is written as a base64 string by System.Text.Json");
            }
            return Collection(name, array.ElementType, CollectionKind.Array);
        }

        switch (_known.Classify(type))
        {
            case KnownType.Guid: return Simple(ShapeKind.Guid);
            case KnownType.DateTimeOffset: return Simple(ShapeKind.DateTimeOffset);
            case KnownType.DateOnly: return Simple(ShapeKind.DateOnly);
            case KnownType.TimeOnly: return Simple(ShapeKind.TimeOnly);
            case KnownType.TimeSpan: return Simple(ShapeKind.TimeSpan);
            case KnownType.Uri: return Simple(ShapeKind.Uri);
            case KnownType.JsonElement: return Simple(ShapeKind.JsonElement);
            case KnownType.JsonNode: return Simple(ShapeKind.JsonNode);
            case KnownType.CancellationToken:
                return Unsupported("a CancellationToken is bound to the call, not read from JSON");
            case KnownType.Task:
            case KnownType.TaskOfT:
            case KnownType.ValueTask:
            case KnownType.ValueTaskOfT:
                return Unsupported("tasks are not values; await them in the tool");
            case KnownType.AsyncEnumerable:
                return Unsupported("streams (IAsyncEnumerable) are not supported; return a list");
            case KnownType.List:
            case KnownType.IList:
            case KnownType.ICollection:
            case KnownType.IEnumerable:
            case KnownType.IReadOnlyList:
            case KnownType.IReadOnlyCollection:
                return Collection(name, ((INamedTypeSymbol)type).TypeArguments[0], CollectionKind.List);
            case KnownType.HashSet:
            case KnownType.ISet:
            case KnownType.IReadOnlySet:
                return Collection(name, ((INamedTypeSymbol)type).TypeArguments[0], CollectionKind.HashSet);
            case KnownType.Dictionary:
            case KnownType.IDictionary:
            case KnownType.IReadOnlyDictionary:
                var arguments = ((INamedTypeSymbol)type).TypeArguments;
                if (arguments[0].SpecialType != SpecialType.System_String)
                {
                    return Unsupported("dictionary keys must be strings");
                }
                return Collection(name, arguments[1], CollectionKind.Dictionary);
        }

        // The two rules below are about families of types, not one type each (every System.Tuple
        // arity, every framework type), and the second names the type in its message; so they are the
        // one place that still reads the definition's display string.
        var definition = _cache.DefinitionName(type);
        if (type.IsTupleType || definition.StartsWith("System.Tuple", StringComparison.Ordinal))
        {
            return Unsupported("tuples have no named JSON properties; use a record");
        }

        if (_known.HasAttribute(type, KnownType.JsonConverterAttribute))
        {
            return Serializer("the type has a custom [JsonConverter]");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return Enum((INamedTypeSymbol)type, name);
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return Serializer("interfaces have no fixed shape");
        }

        if (type.IsAbstract)
        {
            return Serializer("abstract types have no fixed shape");
        }

        if (definition.StartsWith("System.", StringComparison.Ordinal) && type.ContainingAssembly?.Name is "System.Private.CoreLib" or "System.Runtime" or "netstandard" or "mscorlib")
        {
            return Serializer("framework type '" + definition + "' is left to System.Text.Json");
        }

        if (type is INamedTypeSymbol named && (named.TypeKind is TypeKind.Class or TypeKind.Struct))
        {
            return Object(named, name);
        }

        return Unsupported("the type has no JSON representation");
    }

    private TypeShape Collection(string name, ITypeSymbol element, CollectionKind kind)
    {
        var elementShape = Build(element);
        return new TypeShape
        {
            Kind = kind == CollectionKind.Dictionary ? ShapeKind.Dictionary : ShapeKind.Array,
            TypeName = name,
            Element = elementShape,
            Collection = kind,
            Reason = elementShape.Kind == ShapeKind.Unsupported ? elementShape.Reason : null,
        };
    }

    private TypeShape Enum(INamedTypeSymbol type, string name)
    {
        _namedVisits++;
        // The id is the fully qualified name: two types never share one. Emitters derive readable,
        // collision-free C# identifiers from it.
        var id = name;
        if (!_types.ContainsKey(id))
        {
            if (!_cache.Enums.TryGetValue(type, out var named))
            {
                var members = new List<EnumMember>();
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol { IsConst: true, HasConstantValue: true } field)
                    {
                        members.Add(new EnumMember(field.Name, _known.AttributeString(field, KnownType.JsonStringEnumMemberNameAttribute) ?? field.Name));
                    }
                }
                named = new NamedType
                {
                    Id = id,
                    TypeName = name,
                    Kind = ShapeKind.Enum,
                    Description = Description(type),
                    EnumMembers = members.ToEquatableArray(),
                    IsValueType = true,
                };
                _cache.Enums[type] = named;
            }
            Register(named);
        }
        return new TypeShape { Kind = ShapeKind.Enum, TypeName = name, TypeId = id };
    }


    private string? Description(ISymbol symbol) => _known.Description(symbol) ?? _cache.Docs(symbol).Summary;
}
