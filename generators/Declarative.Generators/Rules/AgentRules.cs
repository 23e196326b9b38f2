using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Rules;

/// <summary>
/// The rules for typed agent inputs and for agents used by other agents (<c>[UseAgent]</c>) that both the
/// generator and the analyzers apply: which <c>[InputTemplate]</c> is accepted (DCL0031), what a used
/// member must be (DCL0024), which names it takes (DCL0030) and whether an agent ends up using itself
/// (DCL0031). The generator emits exactly what these rules accept.
/// </summary>
internal static class AgentRules
{
    /// <summary>The agent's typed input, or null when its <c>[Agent]</c> has no <c>InputType</c>.</summary>
    public static ITypeSymbol? InputType(INamedTypeSymbol type, KnownTypeSymbols known)
        => known.Attribute(type, KnownType.AgentAttribute) is { } agent ? ToolRules.NamedArgument(agent, "InputType") as ITypeSymbol : null;

    /// <summary>
    /// Why the agent's <c>InputType</c> cannot be described to a model (DCL0031), or null when it can (or there is
    /// none): the first type in it the generator does not support, with its path. The generator leaves such an agent out.
    /// </summary>
    public static string? InputTypeProblem(INamedTypeSymbol type, KnownTypeSymbols known, System.Threading.CancellationToken cancellationToken)
    {
        if (known.Attribute(type, KnownType.AgentAttribute) is not { } agent
            || ToolRules.NamedArgument(agent, "InputType") is not ITypeSymbol inputType
            || inputType.TypeKind == TypeKind.Error)
        {
            return null;
        }
        var builder = new ShapeBuilder(known, cancellationToken);
        return ShapeSearch.First(builder.Build(inputType), "input", ShapeKind.Unsupported, builder) is { } bad
            ? "the input type '" + inputType.ToDisplayString() + "' of agent '" + AgentName(type, agent) + "' cannot be described to a model: type '"
                + bad.DisplayTypeName + "' at '" + bad.Path + "' is not supported (" + bad.Reason + ")"
            : null;
    }

    /// <summary>The agent's name: <c>[Agent(Name = ...)]</c>, else the class name.</summary>
    public static string AgentName(INamedTypeSymbol type, AttributeData agent) => ToolRules.NamedArgument(agent, "Name") as string ?? type.Name;

    /// <summary>The <c>[InputTemplate]</c> methods of a type, in declaration order.</summary>
    public static IEnumerable<IMethodSymbol> InputTemplates(INamedTypeSymbol type, KnownTypeSymbols known)
        => type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && known.HasAttribute(m, KnownType.InputTemplateAttribute));

    /// <summary>
    /// Why an <c>[InputTemplate]</c> method cannot render the agent's input (DCL0031), or null when it can:
    /// the agent has an <c>InputType</c>, and the method takes one parameter of that type and returns string.
    /// </summary>
    public static string? InputTemplateProblem(INamedTypeSymbol type, IMethodSymbol method, KnownTypeSymbols known)
    {
        var agent = known.Attribute(type, KnownType.AgentAttribute);
        var inputType = agent is null ? null : ToolRules.NamedArgument(agent, "InputType") as ITypeSymbol;
        if (agent is null || inputType is null)
        {
            return "the [InputTemplate] method '" + method.Name + "' of " + type.Name + " has no input to render: set InputType on [Agent]";
        }
        if (method.IsGenericMethod
            || method.Parameters.Length != 1
            || method.Parameters[0].RefKind != RefKind.None
            || !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.None), inputType.WithNullableAnnotation(NullableAnnotation.None))
            || method.ReturnType.SpecialType != SpecialType.System_String
            || method.ReturnsByRef)
        {
            return "the [InputTemplate] method '" + method.Name + "' of " + AgentName(type, agent) + " must take one parameter of type "
                + inputType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " and return string";
        }
        return null;
    }

    /// <summary>The template the generator calls: the first valid one (a second is reported, and ignored).</summary>
    public static IMethodSymbol? InputTemplate(INamedTypeSymbol type, KnownTypeSymbols known)
        => InputTemplates(type, known).FirstOrDefault(m => InputTemplateProblem(type, m, known) is null);

    /// <summary>The <c>[UseAgent]</c> members of a type, primary-constructor parameters first, then in declaration order.</summary>
    public static IEnumerable<(ISymbol Symbol, ITypeSymbol Type, AttributeData Attribute)> UseAgentMembers(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var (symbol, memberType) in ReflectionRules.MarkedMembers(type, KnownType.UseAgentAttribute, known))
        {
            yield return (symbol, memberType, known.Attribute(symbol, KnownType.UseAgentAttribute)!);
        }
    }

    /// <summary>
    /// The <c>[Agent]</c> class a <c>[UseAgent]</c> member holds, or null (DCL0024). The class may be in a
    /// referenced assembly: everything needed is in its attribute's data.
    /// </summary>
    public static AttributeData? AgentAttributeOf(ITypeSymbol memberType, KnownTypeSymbols known)
        => memberType is INamedTypeSymbol { TypeKind: TypeKind.Class, IsStatic: false } named ? known.Attribute(named, KnownType.AgentAttribute) : null;

    /// <summary>DCL0024's message for a member whose type is not an agent.</summary>
    public static string NotAnAgentMessage(ISymbol member, ITypeSymbol memberType)
        => "'" + member.Name + "' is used as an agent, but its type " + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " is not an [Agent] class";

    /// <summary>The model of a used agent, or null when the member's type is not an <c>[Agent]</c> class.</summary>
    public static AgentRef? Reference(ISymbol member, ITypeSymbol memberType, AttributeData useAgent, KnownTypeSymbols known)
    {
        if (AgentAttributeOf(memberType, known) is not { } agent)
        {
            return null;
        }
        var named = (INamedTypeSymbol)memberType;
        var explicitName = useAgent.ConstructorArguments.FirstOrDefault().Value as string;
        var agentName = AgentName(named, agent);
        var name = string.IsNullOrEmpty(explicitName) ? agentName : explicitName!;
        var toolName = string.IsNullOrEmpty(explicitName) ? Naming.ToolName(agentName) : explicitName!;
        var handOffTo = HandOffTargets(useAgent).ToEquatableArray();
        return new AgentRef(
            member.Name,
            ShapeBuilder.TypeName(named.WithNullableAnnotation(NullableAnnotation.None)),
            string.IsNullOrEmpty(explicitName) ? null : explicitName,
            name,
            toolName,
            ToolRules.NamedArgument(useAgent, "Description") as string,
            TypeNameOf(ToolRules.NamedArgument(agent, "InputType") as ITypeSymbol),
            TypeNameOf(ToolRules.NamedArgument(agent, "OutputType") as ITypeSymbol),
            handOffTo,
            ToolRules.NamedArgument(useAgent, "Finishes") is true);
    }

    /// <summary>The names in <c>[UseAgent(HandOffTo = [...])]</c>, in order.</summary>
    public static IReadOnlyList<string> HandOffTargets(AttributeData useAgent)
    {
        foreach (var argument in useAgent.NamedArguments)
        {
            if (argument.Key == "HandOffTo" && argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull)
            {
                return argument.Value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToList();
            }
        }
        return [];
    }

    private static string? TypeNameOf(ITypeSymbol? type) => type is null ? null : ShapeBuilder.TypeName(type);

    /// <summary>
    /// The first chain through which <paramref name="agent"/> uses itself via <c>[UseAgent]</c> members
    /// (<c>Writer -> Editor -> Writer</c>), or null. Followed through the agents' symbols, so a chain
    /// through a referenced assembly counts too.
    /// </summary>
    public static (ISymbol Member, IReadOnlyList<string> Chain)? SelfUse(INamedTypeSymbol agent, KnownTypeSymbols known)
    {
        foreach (var (member, memberType, _) in UseAgentMembers(agent, known))
        {
            if (AgentAttributeOf(memberType, known) is null)
            {
                continue;
            }
            var path = new List<INamedTypeSymbol> { agent, (INamedTypeSymbol)memberType.OriginalDefinition };
            var visited = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            if (SymbolEqualityComparer.Default.Equals(path[1], agent) || Walk(path[1], path, visited))
            {
                return (member, path.Select(t => t.Name).ToList());
            }
        }
        return null;

        bool Walk(INamedTypeSymbol current, List<INamedTypeSymbol> path, HashSet<INamedTypeSymbol> visited)
        {
            if (!visited.Add(current))
            {
                return false;
            }
            foreach (var (_, memberType, _) in UseAgentMembers(current, known))
            {
                if (AgentAttributeOf(memberType, known) is null)
                {
                    continue;
                }
                var next = (INamedTypeSymbol)memberType.OriginalDefinition;
                path.Add(next);
                if (SymbolEqualityComparer.Default.Equals(next, agent) || Walk(next, path, visited))
                {
                    return true;
                }
                path.RemoveAt(path.Count - 1);
            }
            return false;
        }
    }

    /// <summary>
    /// What stops a manager's specialists from being wired, each with the symbol to report it on: two
    /// specialists with one name or one tool name, or a specialist tool clashing with another tool (DCL0030),
    /// and an agent using itself (DCL0031, on the member that starts the chain).
    /// </summary>
    public static IEnumerable<(string Id, ISymbol Symbol, string Message)> ManagerProblems(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        if (known.Attribute(type, KnownType.AgentAttribute) is not { } agent)
        {
            yield break;
        }
        var owner = AgentName(type, agent);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var tools = ReflectionRules.ScopeToolNames(type, known, withSpecialists: false);
        foreach (var (member, memberType, useAgent) in UseAgentMembers(type, known))
        {
            if (Reference(member, memberType, useAgent, known) is not { } reference)
            {
                continue;
            }
            if (!names.Add(reference.Name))
            {
                yield return ("DCL0030", member, DuplicateNameMessage(owner, reference.Name));
            }
            else if (!tools.Add(reference.ToolName))
            {
                yield return ("DCL0030", member, "the specialist tool '" + reference.ToolName + "' of " + owner + " clashes with another tool of that name");
            }
        }
        if (SelfUse(type, known) is { } selfUse)
        {
            yield return ("DCL0031", selfUse.Member, SelfUseMessage(selfUse.Chain));
        }
    }

    /// <summary>DCL0030's message for two agents of one owner with one name.</summary>
    public static string DuplicateNameMessage(string owner, string name) => "two agents of " + owner + " are named '" + name + "'";

    /// <summary>DCL0031's message for an agent that uses itself.</summary>
    public static string SelfUseMessage(IReadOnlyList<string> chain)
        => "'" + chain[0] + "' uses itself through [UseAgent] (" + string.Join(" -> ", chain) + "), which would never end";
}
