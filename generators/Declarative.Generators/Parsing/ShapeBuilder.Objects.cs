using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

// Object types: their properties, the constructor that binds them, and what is ignored (System.Text.Json's rules).
internal sealed partial class ShapeBuilder
{
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
                    Constraints = Constraints(property.Attributes, shapes[i], _known),
                    IsRequired = property.IsRequired,
                    ConstructorIndex = property.ConstructorIndex,
                    CanSet = property.CanSet,
                    IsInitOnly = property.IsInitOnly,
                    CanGet = property.CanGet,
                    DefaultValueExpression = property.DefaultValueExpression,
                    DefaultValueJson = property.DefaultValueJson,
                    IsSensitive = property.Attributes.Any(a => _known.Is(a.AttributeClass, KnownType.SensitiveAttribute)),
                });
            }
            var named = new NamedType
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
            Register(named);
            return shape;
        }
        finally
        {
            _building.Remove(id);
        }
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
            var jsonName = _known.AttributeString(property, KnownType.JsonPropertyNameAttribute) ?? Naming.CamelCase(property.Name);
            var setter = property.SetMethod;
            var canSet = setter is not null && setter.DeclaredAccessibility == Accessibility.Public;
            var required = property.IsRequired || _known.HasAttribute(property, KnownType.JsonRequiredAttribute)
                || (parameter is not null && !parameter.HasExplicitDefaultValue);
            var attributes = parameter is null ? property.GetAttributes() : property.GetAttributes().AddRange(parameter.GetAttributes());
            var description = _known.Description(property) ?? (parameter is null ? null : _known.Description(parameter))
                ?? _cache.Docs(property).Summary ?? (parameter is null ? null : docs.Parameter(parameter.Name));
            var (defaultExpression, defaultJson) = parameter is { HasExplicitDefaultValue: true }
                ? DefaultValue(parameter, _known)
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
        var marked = type.InstanceConstructors.FirstOrDefault(c => _known.HasAttribute(c, KnownType.JsonConstructorAttribute));
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
        var ignore = _known.Attribute(property, KnownType.JsonIgnoreAttribute);
        if (ignore is null)
        {
            return false;
        }
        // [JsonIgnore] alone (Condition = Always) drops the property; conditional ignores keep it.
        var condition = ignore.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value;
        return condition.IsNull || condition.Value is null || (int)condition.Value == 1;
    }
}
