using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>Symbols to <see cref="AgentModel"/>s. Shared with the agent analyzer for tool lists.</summary>
internal static class AgentParser
{
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
        object? Named(string name) => Rules.ToolRules.NamedArgument(attribute, name);

        var known = KnownTypeSymbols.For(context.SemanticModel.Compilation);
        TypeShape? output = null;
        var builder = new ShapeBuilder(known, cancellationToken);
        var outputType = Named("OutputType") as ITypeSymbol;
        if (outputType is not null)
        {
            output = builder.Build(outputType);
            if (ToolParser.ContainsUnsupported(output, builder))
            {
                return null;
            }
        }

        TypeShape? input = null;
        InputTemplateModel? template = null;
        if (Named("InputType") is ITypeSymbol inputType)
        {
            input = builder.Build(inputType);
            if (ToolParser.ContainsUnsupported(input, builder))
            {
                return null;
            }
            if (Rules.AgentRules.InputTemplate(type, known) is { } method)
            {
                template = new InputTemplateModel(method.Name, method.IsStatic);
            }
        }
        var specialists = new List<AgentRef>();
        foreach (var (member, memberType, useAgent) in Rules.AgentRules.UseAgentMembers(type, known))
        {
            // A member that is not an agent is reported (DCL0024); one that would make the agent use itself,
            // or clash with another name (DCL0030, DCL0031), leaves the whole agent unemitted, so no half-wired
            // manager ships.
            if (Rules.AgentRules.Reference(member, memberType, useAgent, known) is { } reference)
            {
                specialists.Add(reference);
            }
        }
        if (specialists.Count > 0 && Rules.AgentRules.ManagerProblems(type, known).Any())
        {
            return null;
        }

        return new AgentModel
        {
            Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            TypeChain = ToolParser.TypeChainPublic(type),
            FullName = ShapeBuilder.TypeName(type),
            Name = Named("Name") as string ?? type.Name,
            Instructions = attribute.ConstructorArguments.FirstOrDefault().Value as string,
            InstructionsResource = Named("InstructionsResource") as string,
            Description = Named("Description") as string ?? known.Description(type) ?? DocComments.For(type).Summary,
            Model = Named("Model") as string,
            OwnToolNames = OwnTools(type, known).ToEquatableArray(),
            Sources = Sources(type, known).ToEquatableArray(),
            Output = output,
            Input = input,
            InputTemplate = template,
            Specialists = specialists.ToEquatableArray(),
            OutputTypes = builder.Types.ToEquatableArray(),
            SerializerContextTypeName = ToolParser.SerializerContextPublic(type, known),
            Checks = Hooks(type, known, outputType, checks: true).ToEquatableArray(),
            CriticMember = outputType is null ? null : Rules.ReflectionRules.Critic(type, known)?.Name,
            Guardrails = Hooks(type, known, outputType, checks: false).ToEquatableArray(),
        };
    }

    /// <summary>
    /// The agent's checks (or its guardrails) that the rules accept, in declaration order; the analyzer
    /// reports the others (DCL0019, DCL0020), so skipping them here is safe.
    /// </summary>
    private static IEnumerable<HookModel> Hooks(INamedTypeSymbol type, KnownTypeSymbols known, ITypeSymbol? outputType, bool checks)
    {
        foreach (var (method, attribute, kind) in Rules.ReflectionRules.Hooks(type, known))
        {
            if ((kind == HookKind.Check) != checks || Rules.ReflectionRules.NeverRunsReason(type, kind, known) is not null)
            {
                continue;
            }
            if (Rules.ReflectionRules.Build(method, attribute, kind, outputType, known, out _) is { } hook)
            {
                yield return hook;
            }
        }
    }

    /// <summary>The names of a type's own callable <c>[Tool]</c> methods, in declaration order.</summary>
    public static IEnumerable<string> OwnTools(INamedTypeSymbol type, KnownTypeSymbols known) => OwnToolMethods(type, known).Select(t => t.Name);

    /// <summary>A type's own callable <c>[Tool]</c> methods with their tool names, in declaration order.</summary>
    public static IEnumerable<(IMethodSymbol Method, string Name)> OwnToolMethods(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var attribute = known.Attribute(method, KnownType.ToolAttribute);
            if (attribute is not null && ToolParser.IsCallable(method))
            {
                yield return (method, ToolParser.ToolName(method, attribute));
            }
        }
    }

    /// <summary>Whether a type is a tool set the generator made (it declares <c>[Tool]</c> methods).</summary>
    public static bool IsToolSetType(ITypeSymbol type, KnownTypeSymbols known) => type is INamedTypeSymbol named && OwnTools(named, known).Any();

    /// <summary>
    /// The members and classes marked <c>[UseTools]</c>, with the type each refers to (null type: not
    /// resolvable) and, for the class, the attribute naming it (null for members).
    /// </summary>
    public static IEnumerable<(ISymbol Symbol, ITypeSymbol? Type, bool IsStaticClass, AttributeData? ClassAttribute)> UseToolsTargets(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var attribute in type.GetAttributes().Where(a => known.Is(a.AttributeClass, KnownType.UseToolsAttribute)))
        {
            yield return (type, attribute.ConstructorArguments.FirstOrDefault().Value as ITypeSymbol, true, attribute);
        }
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (memberType is not null && known.HasAttribute(member, KnownType.UseToolsAttribute))
            {
                // A field generated for a primary-constructor parameter is found through the parameter below.
                if (member.IsImplicitlyDeclared)
                {
                    continue;
                }
                yield return (member, memberType, false, null);
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
                if (known.HasAttribute(parameter, KnownType.UseToolsAttribute))
                {
                    yield return (parameter, parameter.Type, false, null);
                }
            }
        }
    }

    /// <summary>
    /// Whether a <c>[UseTools]</c> target is one the generator merges: a tool set class held by a member,
    /// or a static tool class named on the agent class. The agent analyzer reports the others (DCL0014).
    /// </summary>
    public static bool IsUsableSource(ITypeSymbol? type, bool isStaticClass, KnownTypeSymbols known, [NotNullWhen(true)] out INamedTypeSymbol? toolSet)
    {
        toolSet = type as INamedTypeSymbol;
        return toolSet is not null && IsToolSetType(toolSet, known) && toolSet.IsStatic == isStaticClass;
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor)
        => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax);

    private static IEnumerable<ToolSource> Sources(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var (symbol, targetType, isStatic, _) in UseToolsTargets(type, known))
        {
            if (!IsUsableSource(targetType, isStatic, known, out var named))
            {
                continue;
            }
            yield return new ToolSource(isStatic ? null : symbol.Name, ShapeBuilder.TypeName(named), isStatic, OwnTools(named, known).ToEquatableArray());
        }
    }
}
