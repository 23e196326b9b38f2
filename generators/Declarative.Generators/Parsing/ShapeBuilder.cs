using System;
using System.Collections.Generic;
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

    public ShapeBuilder(CancellationToken cancellationToken = default) => _cancellationToken = cancellationToken;

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

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = Build(nullable.TypeArguments[0]);
            return inner with
            {
                IsNullable = true,
                TypeName = TypeName(type),
                UnderlyingTypeName = inner.TypeName,
            };
        }

        var isNullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var shape = BuildNonNullable(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        return isNullableReference ? shape with { IsNullable = true, TypeName = TypeName(type) } : shape;
    }

    private TypeShape BuildNonNullable(ITypeSymbol type)
    {
        var name = TypeName(type);
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

        var definition = type.OriginalDefinition.ToDisplayString();
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

        if (HasAttribute(type, "System.Text.Json.Serialization.JsonConverterAttribute"))
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
        // The id is the fully qualified name: two types never share one. Emitters derive readable,
        // collision-free C# identifiers from it.
        var id = name;
        if (!_types.ContainsKey(id))
        {
            var members = type.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.IsConst && f.HasConstantValue)
                .Select(f => new EnumMember(f.Name, AttributeString(f, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute") ?? f.Name))
                .ToEquatableArray();
            Register(new NamedType
            {
                Id = id,
                TypeName = name,
                Kind = ShapeKind.Enum,
                Description = Description(type),
                EnumMembers = members,
                IsValueType = true,
            });
        }
        return new TypeShape { Kind = ShapeKind.Enum, TypeName = name, TypeId = id };
    }

    private TypeShape Object(INamedTypeSymbol type, string name)
    {
        var id = name;
        var shape = new TypeShape { Kind = ShapeKind.Object, TypeName = name, TypeId = id };
        if (_types.ContainsKey(id) || _building.Contains(id))
        {
            return shape;
        }

        var constructor = ChooseConstructor(type);
        if (constructor is null)
        {
            return new TypeShape { Kind = ShapeKind.Unsupported, TypeName = name, Reason = "it has no public constructor System.Text.Json could use" };
        }

        _building.Add(id);
        try
        {
            var properties = new List<PropertyModel>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var docs = DocComments.For(type);
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
                var parameter = constructor.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                var propertyShape = Build(property.Type);
                var jsonName = AttributeString(property, "System.Text.Json.Serialization.JsonPropertyNameAttribute") ?? Naming.CamelCase(property.Name);
                var setter = property.SetMethod;
                var canSet = setter is not null && setter.DeclaredAccessibility == Accessibility.Public;
                var required = property.IsRequired || HasAttribute(property, "System.Text.Json.Serialization.JsonRequiredAttribute")
                    || (parameter is not null && !parameter.HasExplicitDefaultValue);
                var constraints = Constraints(property.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>()), propertyShape);
                var description = AttributeDescription(property) ?? (parameter is null ? null : AttributeDescription(parameter))
                    ?? DocComments.For(property).Summary ?? (parameter is null ? null : docs.Parameter(parameter.Name));
                var (defaultExpression, defaultJson) = parameter is { HasExplicitDefaultValue: true }
                    ? DefaultValue(parameter)
                    : (null, null);
                if (parameter is null && !canSet && property.GetMethod is null)
                {
                    continue;
                }
                properties.Add(new PropertyModel
                {
                    Name = property.Name,
                    JsonName = jsonName,
                    Shape = propertyShape,
                    Description = description,
                    Constraints = constraints,
                    IsRequired = required,
                    ConstructorIndex = parameter?.Ordinal ?? -1,
                    CanSet = canSet && parameter is null,
                    IsInitOnly = setter?.IsInitOnly == true,
                    CanGet = property.GetMethod?.DeclaredAccessibility == Accessibility.Public,
                    DefaultValueExpression = defaultExpression,
                    DefaultValueJson = defaultJson,
                });
            }

            var unbound = constructor.Parameters.FirstOrDefault(p => !properties.Any(q => q.ConstructorIndex == p.Ordinal));
            if (unbound is not null)
            {
                return new TypeShape
                {
                    Kind = ShapeKind.Unsupported,
                    TypeName = name,
                    Reason = "constructor parameter '" + unbound.Name + "' matches no public property",
                };
            }

            Register(new NamedType
            {
                Id = id,
                TypeName = name,
                Kind = ShapeKind.Object,
                Description = Description(type),
                Properties = properties.ToEquatableArray(),
                IsValueType = type.IsValueType,
                IsRecord = type.IsRecord,
                ConstructorParameterCount = constructor.Parameters.Length,
            });
            return shape;
        }
        finally
        {
            _building.Remove(id);
        }
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
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !IsCopyConstructor(type, c))
            .ToList();
        var marked = type.InstanceConstructors.FirstOrDefault(c => HasAttribute(c, "System.Text.Json.Serialization.JsonConstructorAttribute"));
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

    private static bool IsIgnored(IPropertySymbol property)
    {
        var ignore = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonIgnoreAttribute");
        if (ignore is null)
        {
            return false;
        }
        // [JsonIgnore] alone (Condition = Always) drops the property; conditional ignores keep it.
        var condition = ignore.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value;
        return condition.IsNull || condition.Value is null || (int)condition.Value == 1;
    }

    /// <summary>Constraints from DataAnnotations that apply to a value of the given shape.</summary>
    public static Constraints Constraints(IEnumerable<AttributeData> attributes, TypeShape shape)
    {
        var result = Model.Constraints.None;
        var isString = shape.Kind is ShapeKind.String;
        var isCollection = shape.Kind is ShapeKind.Array;
        var isNumber = shape.Kind is ShapeKind.Integer or ShapeKind.Number;
        foreach (var attribute in attributes)
        {
            var attributeName = attribute.AttributeClass?.ToDisplayString();
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

    private static string? Description(ISymbol symbol) => AttributeDescription(symbol) ?? DocComments.For(symbol).Summary;
}
