using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>Symbols to <see cref="AgentModel"/>s. Shared with the agent analyzer for tool lists.</summary>
internal static class AgentParser
{
    public const string AgentAttributeName = "Declarative.AgentAttribute";
    public const string UseToolsAttributeName = "Declarative.UseToolsAttribute";

    public static AgentModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || type.IsStatic || type.TypeKind != TypeKind.Class)
        {
            return null;
        }
        if (!ToolParser.IsPartialChainPublic(type, cancellationToken))
        {
            return null;
        }
        var attribute = context.Attributes.FirstOrDefault();
        if (attribute is null)
        {
            return null;
        }
        object? Named(string name) => attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;

        TypeShape? output = null;
        var builder = new ShapeBuilder(cancellationToken);
        if (Named("OutputType") is ITypeSymbol outputType)
        {
            output = builder.Build(outputType);
            if (ToolParser.ContainsUnsupported(output, builder))
            {
                return null;
            }
        }

        return new AgentModel
        {
            Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            TypeChain = ToolParser.TypeChainPublic(type),
            FullName = ShapeBuilder.TypeName(type),
            Name = Named("Name") as string ?? type.Name,
            Instructions = attribute.ConstructorArguments.FirstOrDefault().Value as string,
            InstructionsResource = Named("InstructionsResource") as string,
            Description = Named("Description") as string ?? ShapeBuilder.AttributeDescription(type) ?? DocComments.For(type).Summary,
            Model = Named("Model") as string,
            OwnToolNames = OwnTools(type).ToEquatableArray(),
            Sources = Sources(type).ToEquatableArray(),
            Output = output,
            OutputTypes = builder.Types.ToEquatableArray(),
            SerializerContextTypeName = ToolParser.SerializerContextPublic(type),
        };
    }

    /// <summary>The names of a type's own callable <c>[Tool]</c> methods, in declaration order.</summary>
    public static IEnumerable<string> OwnTools(INamedTypeSymbol type)
    {
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ToolGenerator.ToolAttributeName);
            if (attribute is not null && ToolParser.IsCallable(method))
            {
                yield return ToolParser.ToolName(method, attribute);
            }
        }
    }

    /// <summary>Whether a type is a tool set the generator made (it declares <c>[Tool]</c> methods).</summary>
    public static bool IsToolSetType(ITypeSymbol type) => type is INamedTypeSymbol named && OwnTools(named).Any();

    /// <summary>The members and classes marked <c>[UseTools]</c>, with the type each refers to (null type: not resolvable).</summary>
    public static IEnumerable<(ISymbol Symbol, ITypeSymbol? Type, bool IsStaticClass)> UseToolsTargets(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == UseToolsAttributeName))
        {
            yield return (type, attribute.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol, true);
        }
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (memberType is not null && member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == UseToolsAttributeName))
            {
                // A field generated for a primary-constructor parameter is found through the parameter below.
                if (member.IsImplicitlyDeclared)
                {
                    continue;
                }
                yield return (member, memberType, false);
            }
        }
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!IsPrimaryConstructor(constructor))
            {
                continue;
            }
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == UseToolsAttributeName))
                {
                    yield return (parameter, parameter.Type, false);
                }
            }
        }
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor)
        => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax);

    private static IEnumerable<ToolSource> Sources(INamedTypeSymbol type)
    {
        foreach (var (symbol, targetType, isStatic) in UseToolsTargets(type))
        {
            if (targetType is not INamedTypeSymbol named || !IsToolSetType(named) || named.IsStatic != isStatic)
            {
                continue;
            }
            yield return new ToolSource(isStatic ? null : symbol.Name, ShapeBuilder.TypeName(named), isStatic, OwnTools(named).ToEquatableArray());
        }
    }
}
