using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary>One <c>[Tool]</c> method with what it needs from its class; the pipeline's first model.</summary>
internal sealed record ToolMethodEntry
{
    public required string ClassFullName { get; init; }

    public required string? Namespace { get; init; }

    public required EquatableArray<ContainingType> TypeChain { get; init; }

    public required bool ClassIsStatic { get; init; }

    public string? SerializerContextTypeName { get; init; }

    public required ToolModel Tool { get; init; }

    public required EquatableArray<NamedType> Types { get; init; }
}

/// <summary>Symbols to models. Nothing here keeps a symbol, syntax node or location.</summary>
internal static class ToolParser
{
    /// <summary>
    /// Builds the model of one <c>[Tool]</c> method, or <see langword="null"/> when the method is one the
    /// analyzers reject (the build fails on their error, so emitting nothing for it is safe).
    /// </summary>
    public static ToolMethodEntry? ParseMethod(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax)
        {
            return null;
        }
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }
        var attribute = context.Attributes.FirstOrDefault();
        if (attribute is null)
        {
            return null;
        }

        // The methods of one compilation share what is learned about their classes and the types they
        // reach; the cache lives beside the compilation, never in the pipeline (see ParseCache).
        var compilation = context.SemanticModel.Compilation;
        var known = KnownTypeSymbols.For(compilation);
        if (!ParseCache.SharedPerCompilation)
        {
            return Parse(method, type, attribute, known, new ParseCache(), cancellationToken);
        }
        var cache = ParseCache.For(compilation);
        lock (cache.Gate)
        {
            return Parse(method, type, attribute, known, cache, cancellationToken);
        }
    }

    private static ToolMethodEntry? Parse(
        IMethodSymbol method, INamedTypeSymbol type, AttributeData attribute, KnownTypeSymbols known, ParseCache cache, CancellationToken cancellationToken)
    {
        var facts = Class(type, known, cache, cancellationToken);
        if (!facts.IsPartialChain)
        {
            return null;
        }
        var builder = new ShapeBuilder(known, cancellationToken, cache);
        var tool = BuildTool(method, attribute, builder);
        if (tool is null)
        {
            return null;
        }
        return new ToolMethodEntry
        {
            ClassFullName = facts.FullName,
            Namespace = facts.Namespace,
            TypeChain = facts.TypeChain,
            ClassIsStatic = facts.IsStatic,
            SerializerContextTypeName = facts.SerializerContextTypeName,
            Tool = tool,
            Types = builder.Types.ToEquatableArray(),
        };
    }

    /// <summary>What every tool method needs from its class, learned once per class.</summary>
    internal sealed class ClassFacts
    {
        public required bool IsPartialChain { get; init; }

        public required string FullName { get; init; }

        public required string? Namespace { get; init; }

        public required EquatableArray<ContainingType> TypeChain { get; init; }

        public required bool IsStatic { get; init; }

        public required string? SerializerContextTypeName { get; init; }
    }

    private static ClassFacts Class(INamedTypeSymbol type, KnownTypeSymbols known, ParseCache cache, CancellationToken cancellationToken)
    {
        if (!cache.Classes.TryGetValue(type, out var facts))
        {
            var isPartialChain = IsPartialChain(type, cancellationToken);
            facts = new ClassFacts
            {
                IsPartialChain = isPartialChain,
                FullName = ShapeBuilder.TypeName(type),
                Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                TypeChain = isPartialChain ? TypeChain(type) : EquatableArray<ContainingType>.Empty,
                IsStatic = type.IsStatic,
                SerializerContextTypeName = isPartialChain ? SerializerContext(type, known) : null,
            };
            cache.Classes[type] = facts;
        }
        return facts;
    }

    /// <summary>Regroups method models by class, in declaration order, merging the named types they reach.</summary>
    public static ImmutableArray<ToolSetModel> GroupByClass(ImmutableArray<ToolMethodEntry> entries, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<ToolSetModel>();
        foreach (var group in entries.GroupBy(e => e.ClassFullName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = group.First();
            var types = new List<NamedType>();
            var ids = new HashSet<string>();
            foreach (var entry in group)
            {
                foreach (var type in entry.Types)
                {
                    if (ids.Add(type.Id))
                    {
                        types.Add(type);
                    }
                }
            }
            result.Add(new ToolSetModel
            {
                Namespace = first.Namespace,
                TypeChain = first.TypeChain,
                FullName = first.ClassFullName,
                IsStatic = first.ClassIsStatic,
                SerializerContextTypeName = first.SerializerContextTypeName,
                Tools = group.Select(e => e.Tool).ToEquatableArray(),
                Types = types.ToEquatableArray(),
            });
        }
        return result.ToImmutable();
    }

    /// <summary>The tool's name: the attribute's, else snake_case of the method name.</summary>
    public static string ToolName(IMethodSymbol method, AttributeData attribute)
        => attribute.ConstructorArguments.FirstOrDefault().Value as string ?? Naming.ToolName(method.Name);

    /// <summary>Whether the generator can call the method; the rule is <see cref="ToolRules.IsCallable"/>.</summary>
    public static bool IsCallable(IMethodSymbol method) => ToolRules.IsCallable(method);

    /// <summary>
    /// The model the generator builds for one tool method, with the named types it reaches, or null
    /// when the generator emits nothing for the method; so an analyzer judges exactly what is emitted.
    /// </summary>
    public static (ToolModel Tool, EquatableArray<NamedType> Types)? BuildToolForAnalysis(IMethodSymbol method, AttributeData attribute, KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        var builder = new ShapeBuilder(known, cancellationToken);
        return BuildTool(method, attribute, builder) is { } tool ? (tool, builder.Types.ToEquatableArray()) : null;
    }

    private static ToolModel? BuildTool(IMethodSymbol method, AttributeData attribute, ShapeBuilder builder)
    {
        if (!IsCallable(method))
        {
            return null;
        }
        var name = ToolName(method, attribute);
        if (!Naming.IsValidToolName(name))
        {
            return null;
        }

        var known = builder.Known;
        var docs = DocComments.For(method);
        var parameters = new List<ParameterModel>(method.Parameters.Length);
        var sensitive = new List<(string Name, TypeShape Shape, bool IsSensitive)>();
        foreach (var parameter in method.Parameters)
        {
            if (ToolRules.IsCancellationToken(parameter, known))
            {
                parameters.Add(new ParameterModel
                {
                    Name = parameter.Name,
                    Shape = new TypeShape { Kind = ShapeKind.Unsupported, TypeName = "global::System.Threading.CancellationToken" },
                    IsCancellationToken = true,
                });
                continue;
            }
            var shape = builder.Build(parameter.Type);
            if (ContainsUnsupported(shape, builder))
            {
                return null;
            }
            sensitive.Add((parameter.Name, shape, SensitiveRules.IsSensitive(parameter, known)));
            var (defaultExpression, defaultJson) = parameter.HasExplicitDefaultValue ? ShapeBuilder.DefaultValue(parameter, known) : (null, null);
            parameters.Add(new ParameterModel
            {
                Name = parameter.Name,
                Shape = shape,
                Description = ToolRules.ParameterDescription(parameter, docs, known),
                Constraints = ShapeBuilder.Constraints(parameter.GetAttributes(), shape, known),
                IsRequired = !parameter.HasExplicitDefaultValue,
                DefaultValueExpression = defaultExpression,
                DefaultValueJson = defaultJson,
            });
        }

        var (returnKind, returnType) = Return(method, known);
        TypeShape? returnShape = null;
        if (returnType is not null)
        {
            returnShape = builder.Build(returnType);
            if (ContainsUnsupported(returnShape, builder))
            {
                return null;
            }
        }

        return new ToolModel
        {
            Name = name,
            MethodName = method.Name,
            Description = ToolRules.ToolDescription(method, attribute, docs, known),
            Parameters = parameters.ToEquatableArray(),
            ReturnKind = returnKind,
            ReturnShape = returnShape,
            ReturnDescription = docs.Returns,
            RequiresApproval = ToolRules.NamedArgument(attribute, "RequiresApproval") is true,
            ReadOnly = ToolRules.NamedArgument(attribute, "ReadOnly") is true,
            IsStatic = method.IsStatic,
            SensitiveArguments = SensitiveRules.ArgumentPaths(sensitive, builder.TypesById),
            SensitiveResult = returnShape is not null && SensitiveRules.IsSensitiveReturn(method, known),
        };
    }

    /// <summary>How a method returns, and the type of the value it yields (null for none).</summary>
    public static (ReturnKind Kind, ITypeSymbol? Type) Return(IMethodSymbol method, KnownTypeSymbols known)
    {
        if (method.ReturnsVoid)
        {
            return (ReturnKind.Void, null);
        }
        var arguments = (method.ReturnType as INamedTypeSymbol)?.TypeArguments ?? ImmutableArray<ITypeSymbol>.Empty;
        return known.Classify(method.ReturnType) switch
        {
            KnownType.Task => (ReturnKind.Task, null),
            KnownType.ValueTask => (ReturnKind.ValueTask, null),
            KnownType.TaskOfT => (ReturnKind.TaskOfT, arguments[0]),
            KnownType.ValueTaskOfT => (ReturnKind.ValueTaskOfT, arguments[0]),
            _ => (ReturnKind.Value, method.ReturnType),
        };
    }

    /// <summary>Whether a shape, or anything it reaches, cannot be described or read.</summary>
    public static bool ContainsUnsupported(TypeShape shape, ShapeBuilder builder)
        => ShapeSearch.First(shape, "", ShapeKind.Unsupported, builder) is not null;

    public static bool IsPartialChainPublic(INamedTypeSymbol type, CancellationToken cancellationToken) => IsPartialChain(type, cancellationToken);

    public static EquatableArray<ContainingType> TypeChainPublic(INamedTypeSymbol type) => TypeChain(type);

    public static string? SerializerContextPublic(INamedTypeSymbol type, KnownTypeSymbols known) => SerializerContext(type, known);

    private static bool IsPartialChain(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return false;
            }
            var isPartial = current.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                return false;
            }
        }
        return true;
    }

    private static EquatableArray<ContainingType> TypeChain(INamedTypeSymbol type)
    {
        var chain = new List<ContainingType>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var keyword = current.IsRecord
                ? (current.IsValueType ? "record struct" : "record")
                : (current.IsValueType ? "struct" : "class");
            var name = current.Name;
            if (current.TypeParameters.Length > 0)
            {
                name += "<" + string.Join(", ", current.TypeParameters.Select(p => p.Name)) + ">";
            }
            chain.Add(new ContainingType((current.IsStatic ? "static " : "") + "partial " + keyword, name));
        }
        chain.Reverse();
        return chain.ToEquatableArray();
    }

    private static string? SerializerContext(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        var attribute = known.Attribute(type, KnownType.ToolJsonSerializerAttribute);
        return attribute?.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol context ? ShapeBuilder.TypeName(context) : null;
    }
}
