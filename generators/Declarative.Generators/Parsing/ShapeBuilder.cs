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
internal sealed class ShapeBuilder
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Dictionary<string, NamedType> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _building = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;
    private readonly ParseCache _cache;

    // Counts visits to enum and object types: a shape built without any is a leaf, the same wherever it is used.
    private int _namedVisits;

    /// <param name="cancellationToken">Observed at every type.</param>
    /// <param name="cache">
    /// Facts about symbols shared with other builders on the same compilation (the caller holds its
    /// <see cref="ParseCache.Gate"/>); null for a private cache, as the analyzers use.
    /// </param>
    public ShapeBuilder(CancellationToken cancellationToken = default, ParseCache? cache = null)
    {
        _cancellationToken = cancellationToken;
        _cache = cache ?? new ParseCache();
    }

    /// <summary>The symbol facts this builder reads through.</summary>
    public ParseCache Cache => _cache;

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

        var definition = _cache.DefinitionName(type);
        switch (definition)
        {
            case "System.Guid": return Simple(ShapeKind.Guid);
            case "System.DateTimeOffset": return Simple(ShapeKind.DateTimeOffset);
            case "System.DateOnly": return Simple(ShapeKind.DateOnly);
            case "System.TimeOnly": return Simple(ShapeKind.TimeOnly);
            case "System.TimeSpan": return Simple(ShapeKind.TimeSpan);
            case "System.Uri": return Simple(ShapeKind.Uri);
            case "System.Text.Json.JsonElement": return Simple(ShapeKind.JsonElement);
            case "System.Text.Json.Nodes.JsonNode": return Simple(ShapeKind.JsonNode);
            case "System.Threading.CancellationToken":
                return Unsupported("a CancellationToken is bound to the call, not read from JSON");
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.Task<TResult>":
            case "System.Threading.Tasks.ValueTask":
            case "System.Threading.Tasks.ValueTask<TResult>":
                return Unsupported("tasks are not values; await them in the tool");
            case "System.Collections.Generic.IAsyncEnumerable<T>":
                return Unsupported("streams (IAsyncEnumerable) are not supported; return a list");
            case "System.Collections.Generic.List<T>":
            case "System.Collections.Generic.IList<T>":
            case "System.Collections.Generic.ICollection<T>":
            case "System.Collections.Generic.IEnumerable<T>":
            case "System.Collections.Generic.IReadOnlyList<T>":
            case "System.Collections.Generic.IReadOnlyCollection<T>":
                return Collection(name, ((INamedTypeSymbol)type).TypeArguments[0], CollectionKind.List);
            case "System.Collections.Generic.HashSet<T>":
            case "System.Collections.Generic.ISet<T>":
            case "System.Collections.Generic.IReadOnlySet<T>":
                return Collection(name, ((INamedTypeSymbol)type).TypeArguments[0], CollectionKind.HashSet);
            case "System.Collections.Generic.Dictionary<TKey, TValue>":
            case "System.Collections.Generic.IDictionary<TKey, TValue>":
            case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                var arguments = ((INamedTypeSymbol)type).TypeArguments;
                if (arguments[0].SpecialType != SpecialType.System_String)
                {
                    return Unsupported("dictionary keys must be strings");
                }
                return Collection(name, arguments[1], CollectionKind.Dictionary);
        }

        if (type.IsTupleType || definition.StartsWith("System.Tuple", StringComparison.Ordinal))
        {
            return Unsupported("tuples have no named JSON properties; use a record");
        }

        if (_cache.Attribute(type, "System.Text.Json.Serialization.JsonConverterAttribute") is not null)
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
                        members.Add(new EnumMember(field.Name, _cache.AttributeString(field, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute") ?? field.Name));
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

    private TypeShape Object(INamedTypeSymbol type, string name)
    {
        _namedVisits++;
        var id = name;
        var shape = new TypeShape { Kind = ShapeKind.Object, TypeName = name, TypeId = id };
        if (_types.ContainsKey(id) || _building.Contains(id))
        {
            return shape;
        }

        var facts = Facts(type);
        if (facts.NoConstructor)
        {
            return new TypeShape { Kind = ShapeKind.Unsupported, TypeName = name, Reason = "it has no public constructor System.Text.Json could use" };
        }

        _building.Add(id);
        try
        {
            // Every property's type is shaped (it may register named types) before any is dropped.
            var shapes = new TypeShape[facts.Properties.Length];
            for (var i = 0; i < shapes.Length; i++)
            {
                shapes[i] = Build(facts.Properties[i].Type);
            }

            if (facts.UnboundParameter is { } unbound)
            {
                return new TypeShape
                {
                    Kind = ShapeKind.Unsupported,
                    TypeName = name,
                    Reason = "constructor parameter '" + unbound + "' matches no public property",
                };
            }

            // The model depends on the type's facts and its properties' shapes: when the shapes are the
            // ones seen last time, so is the model.
            if (facts.Last is not { } named || !SameShapes(facts, shapes, named))
            {
                var properties = new List<PropertyModel>(shapes.Length);
                for (var i = 0; i < shapes.Length; i++)
                {
                    var property = facts.Properties[i];
                    if (property.Skip)
                    {
                        continue;
                    }
                    properties.Add(new PropertyModel
                    {
                        Name = property.Name,
                        JsonName = property.JsonName,
                        Shape = shapes[i],
                        Description = property.Description,
                        Constraints = Constraints(property.Attributes, shapes[i], _cache),
                        IsRequired = property.IsRequired,
                        ConstructorIndex = property.ConstructorIndex,
                        CanSet = property.CanSet,
                        IsInitOnly = property.IsInitOnly,
                        CanGet = property.CanGet,
                        DefaultValueExpression = property.DefaultValueExpression,
                        DefaultValueJson = property.DefaultValueJson,
                    });
                }
                named = new NamedType
                {
                    Id = id,
                    TypeName = name,
                    Kind = ShapeKind.Object,
                    Description = facts.Description,
                    Properties = properties.ToEquatableArray(),
                    IsValueType = facts.IsValueType,
                    IsRecord = facts.IsRecord,
                    ConstructorParameterCount = facts.ConstructorParameterCount,
                };
                facts.Last = named;
            }
            Register(named);
            return shape;
        }
        finally
        {
            _building.Remove(id);
        }
    }

    private static bool SameShapes(ObjectFacts facts, TypeShape[] shapes, NamedType named)
    {
        var j = 0;
        for (var i = 0; i < shapes.Length; i++)
        {
            if (facts.Properties[i].Skip)
            {
                continue;
            }
            if (j >= named.Properties.Count || !shapes[i].Equals(named.Properties[j].Shape))
            {
                return false;
            }
            j++;
        }
        return j == named.Properties.Count;
    }

    /// <summary>What an object type's model needs from its symbol, gathered once per compilation.</summary>
    internal sealed class ObjectFacts
    {
        public bool NoConstructor { get; init; }

        /// <summary>The properties whose types are shaped, in order, including those then dropped.</summary>
        public PropertyFacts[] Properties { get; init; } = Array.Empty<PropertyFacts>();

        /// <summary>A constructor parameter that matches no kept property (the type is then unsupported).</summary>
        public string? UnboundParameter { get; init; }

        public string? Description { get; init; }

        public bool IsValueType { get; init; }

        public bool IsRecord { get; init; }

        public int ConstructorParameterCount { get; init; }

        /// <summary>The model built last from these facts, reused while the property shapes are the same.</summary>
        public NamedType? Last { get; set; }
    }

    /// <summary>One property of <see cref="ObjectFacts"/>: everything but its shape.</summary>
    internal sealed class PropertyFacts
    {
        public required ITypeSymbol Type { get; init; }

        /// <summary>Neither bound to the constructor, settable nor readable: shaped, then dropped.</summary>
        public bool Skip { get; init; }

        public required string Name { get; init; }

        public required string JsonName { get; init; }

        public string? Description { get; init; }

        /// <summary>The property's attributes, then its constructor parameter's (for constraints).</summary>
        public ImmutableArray<AttributeData> Attributes { get; init; }

        public bool IsRequired { get; init; }

        public int ConstructorIndex { get; init; }

        public bool CanSet { get; init; }

        public bool IsInitOnly { get; init; }

        public bool CanGet { get; init; }

        public string? DefaultValueExpression { get; init; }

        public string? DefaultValueJson { get; init; }
    }

    private ObjectFacts Facts(INamedTypeSymbol type)
    {
        if (_cache.Objects.TryGetValue(type, out var cached))
        {
            return cached;
        }
        var facts = BuildFacts(type);
        _cache.Objects[type] = facts;
        return facts;
    }

    private ObjectFacts BuildFacts(INamedTypeSymbol type)
    {
        var constructor = ChooseConstructor(type);
        if (constructor is null)
        {
            return new ObjectFacts { NoConstructor = true };
        }

        var properties = new List<PropertyFacts>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var docs = _cache.Docs(type);
        foreach (var property in AllProperties(type))
        {
            if (!seen.Add(property.Name))
            {
                continue;
            }
            if (IsIgnored(property))
            {
                continue;
            }
            IParameterSymbol? parameter = null;
            foreach (var candidate in constructor.Parameters)
            {
                if (string.Equals(candidate.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                {
                    parameter = candidate;
                    break;
                }
            }
            var jsonName = _cache.AttributeString(property, "System.Text.Json.Serialization.JsonPropertyNameAttribute") ?? Naming.CamelCase(property.Name);
            var setter = property.SetMethod;
            var canSet = setter is not null && setter.DeclaredAccessibility == Accessibility.Public;
            var required = property.IsRequired || _cache.Attribute(property, "System.Text.Json.Serialization.JsonRequiredAttribute") is not null
                || (parameter is not null && !parameter.HasExplicitDefaultValue);
            var attributes = parameter is null ? property.GetAttributes() : property.GetAttributes().AddRange(parameter.GetAttributes());
            var description = _cache.AttributeDescription(property) ?? (parameter is null ? null : _cache.AttributeDescription(parameter))
                ?? _cache.Docs(property).Summary ?? (parameter is null ? null : docs.Parameter(parameter.Name));
            var (defaultExpression, defaultJson) = parameter is { HasExplicitDefaultValue: true }
                ? DefaultValue(parameter)
                : (null, null);
            properties.Add(new PropertyFacts
            {
                Type = property.Type,
                Skip = parameter is null && !canSet && property.GetMethod is null,
                Name = property.Name,
                JsonName = jsonName,
                Description = description,
                Attributes = attributes,
                IsRequired = required,
                ConstructorIndex = parameter?.Ordinal ?? -1,
                CanSet = canSet && parameter is null,
                IsInitOnly = setter?.IsInitOnly == true,
                CanGet = property.GetMethod?.DeclaredAccessibility == Accessibility.Public,
                DefaultValueExpression = defaultExpression,
                DefaultValueJson = defaultJson,
            });
        }

        string? unbound = null;
        foreach (var parameter in constructor.Parameters)
        {
            if (!properties.Any(q => !q.Skip && q.ConstructorIndex == parameter.Ordinal))
            {
                unbound = parameter.Name;
                break;
            }
        }

        return new ObjectFacts
        {
            Properties = properties.ToArray(),
            UnboundParameter = unbound,
            Description = Description(type),
            IsValueType = type.IsValueType,
            IsRecord = type.IsRecord,
            ConstructorParameterCount = constructor.Parameters.Length,
        };
    }

    private void Register(NamedType type)
    {
        if (!_types.ContainsKey(type.Id))
        {
            _order.Add(type.Id);
        }
        _types[type.Id] = type;
    }

    /// <summary>System.Text.Json's choice: [JsonConstructor], else public parameterless, else the only public one.</summary>
    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !IsCopyConstructor(type, c))
            .ToList();
        var marked = type.InstanceConstructors.FirstOrDefault(c => _cache.Attribute(c, "System.Text.Json.Serialization.JsonConstructorAttribute") is not null);
        if (marked is not null)
        {
            return marked;
        }
        var parameterless = constructors.FirstOrDefault(c => c.Parameters.Length == 0);
        if (parameterless is not null)
        {
            return parameterless;
        }
        return constructors.Count == 1 ? constructors[0] : null;
    }

    private static bool IsCopyConstructor(INamedTypeSymbol type, IMethodSymbol constructor)
        => type.IsRecord && constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
    {
        // Base-first, as System.Text.Json orders them; a property hidden by a derived one is skipped by name.
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            chain.Add(current);
        }
        chain.Reverse();
        var derivedNames = new HashSet<string>(type.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name));
        foreach (var declaring in chain)
        {
            foreach (var member in declaring.GetMembers().OfType<IPropertySymbol>())
            {
                if (member.IsStatic || member.IsIndexer || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                {
                    continue;
                }
                if (member.Name == "EqualityContract")
                {
                    continue;
                }
                if (!SymbolEqualityComparer.Default.Equals(declaring, type) && derivedNames.Contains(member.Name))
                {
                    continue;
                }
                yield return member;
            }
        }
    }

    private bool IsIgnored(IPropertySymbol property)
    {
        var ignore = _cache.Attribute(property, "System.Text.Json.Serialization.JsonIgnoreAttribute");
        if (ignore is null)
        {
            return false;
        }
        // [JsonIgnore] alone (Condition = Always) drops the property; conditional ignores keep it.
        var condition = ignore.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value;
        return condition.IsNull || condition.Value is null || (int)condition.Value == 1;
    }

    /// <summary>Constraints from DataAnnotations that apply to a value of the given shape.</summary>
    public static Constraints Constraints(IEnumerable<AttributeData> attributes, TypeShape shape) => Constraints(attributes, shape, null);

    /// <summary>As <see cref="Constraints(IEnumerable{AttributeData}, TypeShape)"/>, naming attribute classes through <paramref name="cache"/>.</summary>
    public static Constraints Constraints(IEnumerable<AttributeData> attributes, TypeShape shape, ParseCache? cache)
    {
        if (attributes is ImmutableArray<AttributeData> { IsEmpty: true })
        {
            return Model.Constraints.None;
        }
        var result = Model.Constraints.None;
        var isString = shape.Kind is ShapeKind.String;
        var isCollection = shape.Kind is ShapeKind.Array;
        var isNumber = shape.Kind is ShapeKind.Integer or ShapeKind.Number;
        foreach (var attribute in attributes)
        {
            var attributeName = cache is null ? attribute.AttributeClass?.ToDisplayString() : cache.AttributeName(attribute);
            var args = attribute.ConstructorArguments;
            switch (attributeName)
            {
                case "System.ComponentModel.DataAnnotations.RangeAttribute" when isNumber && args.Length == 2 && args[0].Value is not string:
                    result = result with
                    {
                        Minimum = NumberLiteral(args[0].Value),
                        Maximum = NumberLiteral(args[1].Value),
                        MinimumExclusive = NamedBool(attribute, "MinimumIsExclusive"),
                        MaximumExclusive = NamedBool(attribute, "MaximumIsExclusive"),
                    };
                    break;
                case "System.ComponentModel.DataAnnotations.MinLengthAttribute" when (isString || isCollection) && args.Length == 1:
                    result = result with { MinLength = (int)args[0].Value! };
                    break;
                case "System.ComponentModel.DataAnnotations.MaxLengthAttribute" when (isString || isCollection) && args.Length == 1:
                    result = result with { MaxLength = (int)args[0].Value! };
                    break;
                case "System.ComponentModel.DataAnnotations.LengthAttribute" when (isString || isCollection) && args.Length == 2:
                    result = result with { MinLength = (int)args[0].Value!, MaxLength = (int)args[1].Value! };
                    break;
                case "System.ComponentModel.DataAnnotations.StringLengthAttribute" when isString && args.Length == 1:
                    var minimumLength = attribute.NamedArguments.FirstOrDefault(a => a.Key == "MinimumLength").Value.Value as int?;
                    result = result with
                    {
                        MaxLength = (int)args[0].Value!,
                        MinLength = minimumLength is > 0 ? minimumLength : result.MinLength,
                    };
                    break;
                case "System.ComponentModel.DataAnnotations.RegularExpressionAttribute" when isString && args.Length == 1 && args[0].Value is string pattern:
                    result = result with { Pattern = pattern };
                    break;
                case "System.ComponentModel.DataAnnotations.EmailAddressAttribute" when isString:
                    result = result with { Format = "email" };
                    break;
                case "System.ComponentModel.DataAnnotations.UrlAttribute" when isString:
                    result = result with { Format = "uri", IsUrl = true };
                    break;
            }
        }
        return result;
    }

    private static bool NamedBool(AttributeData attribute, string name)
        => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is true;

    private static string? NumberLiteral(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The C# expression and the JSON literal for a parameter's default value.</summary>
    public static (string? Expression, string? Json) DefaultValue(IParameterSymbol parameter)
    {
        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            if (value is null)
            {
                return ("null", "null");
            }
            type = nullable.TypeArguments[0];
        }
        if (value is null)
        {
            return type.IsReferenceType ? ("null", "null") : ("default", null);
        }
        if (type.TypeKind == TypeKind.Enum)
        {
            var member = type.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
            if (member is null)
            {
                return ("(" + TypeName(type) + ")" + Convert.ToString(value, CultureInfo.InvariantCulture), null);
            }
            var jsonName = AttributeString(member, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute") ?? member.Name;
            return (TypeName(type) + "." + Naming.Escape(member.Name), Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(jsonName, true).Replace("\\'", "'"));
        }
        switch (value)
        {
            case string s:
                return (Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(s, true), JsonString(s));
            case bool b:
                return (b ? "true" : "false", b ? "true" : "false");
            case char c:
                return (Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, true), JsonString(c.ToString()));
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                return (double.IsNaN(d) ? "double.NaN" : d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity", null);
            case float f when float.IsNaN(f) || float.IsInfinity(f):
                return (float.IsNaN(f) ? "float.NaN" : f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity", null);
            case double d:
                return ("(double)" + d.ToString("R", CultureInfo.InvariantCulture), JsonNumber(d.ToString("R", CultureInfo.InvariantCulture)));
            case float f:
                return (f.ToString("R", CultureInfo.InvariantCulture) + "f", JsonNumber(((double)f).ToString("R", CultureInfo.InvariantCulture)));
            case decimal m:
                return (m.ToString(CultureInfo.InvariantCulture) + "m", m.ToString(CultureInfo.InvariantCulture));
            case IFormattable number:
                var text = number.ToString(null, CultureInfo.InvariantCulture);
                return ("(" + TypeName(type) + ")" + text, text);
        }
        return (null, null);
    }

    private static string JsonNumber(string text) => text.Contains("E") ? text.Replace("E+", "e").Replace("E", "e") : text;

    private static string JsonString(string text)
    {
        if (!NeedsEscaping(text))
        {
            return "\"" + text + "\"";
        }
        var builder = new System.Text.StringBuilder(text.Length + 8);
        AppendJsonString(builder, text);
        return builder.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '"' || c == '\\')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Appends <paramref name="text"/> as a JSON string literal, quotes included, escaped as <see cref="ToJsonString"/> does.</summary>
    public static void AppendJsonString(System.Text.StringBuilder builder, string text)
    {
        builder.Append('"');
        if (!NeedsEscaping(text))
        {
            builder.Append(text).Append('"');
            return;
        }
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>Escapes text for a JSON string literal (without the quotes' surroundings beyond the pair).</summary>
    public static string ToJsonString(string text) => JsonString(text);

    public static bool HasAttribute(ISymbol symbol, string attributeName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    public static string? AttributeString(ISymbol symbol, string attributeName)
        => symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeName)?.ConstructorArguments.FirstOrDefault().Value as string;

    /// <summary>The text of <c>[Description]</c>, if present.</summary>
    public static string? AttributeDescription(ISymbol symbol) => AttributeString(symbol, "System.ComponentModel.DescriptionAttribute");

    private string? Description(ISymbol symbol) => _cache.AttributeDescription(symbol) ?? _cache.Docs(symbol).Summary;
}
