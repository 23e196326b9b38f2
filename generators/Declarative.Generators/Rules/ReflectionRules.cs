using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Rules;

/// <summary>
/// The rules for an agent's checks, critic and guardrails that both the generator and the analyzers
/// apply: which methods they are, which signatures are accepted (DCL0020), when one can never run
/// (DCL0019), what a critic must be (DCL0021) and which tools a tool guardrail may name (DCL0022).
/// The generator emits exactly the hooks these rules accept, so a diagnostic and the generated
/// <c>Checks</c> / <c>Guardrails</c> lists cannot disagree.
/// </summary>
internal static class ReflectionRules
{
    /// <summary>The hook attributes, in the order a method carrying several is judged by (the first wins).</summary>
    private static readonly (KnownType Attribute, HookKind Kind)[] s_hookAttributes =
    [
        (KnownType.CheckAttribute, HookKind.Check),
        (KnownType.InputGuardrailAttribute, HookKind.InputGuardrail),
        (KnownType.OutputGuardrailAttribute, HookKind.OutputGuardrail),
        (KnownType.ToolGuardrailAttribute, HookKind.ToolGuardrail),
    ];

    /// <summary>The check or guardrail attribute on a method, with the kind it declares (typed output guardrails are told apart later).</summary>
    public static (AttributeData Attribute, HookKind Kind)? HookAttribute(IMethodSymbol method, KnownTypeSymbols known)
    {
        foreach (var (attributeType, kind) in s_hookAttributes)
        {
            if (known.Attribute(method, attributeType) is { } attribute)
            {
                return (attribute, kind);
            }
        }
        return null;
    }

    /// <summary>A type's check and guardrail methods, in declaration order.</summary>
    public static IEnumerable<(IMethodSymbol Method, AttributeData Attribute, HookKind Kind)> Hooks(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (method.MethodKind == MethodKind.Ordinary && HookAttribute(method, known) is { } hook)
            {
                yield return (method, hook.Attribute, hook.Kind);
            }
        }
    }

    /// <summary>How results and messages name a hook kind: <c>Check</c>, <c>Input guardrail</c>...</summary>
    public static string KindName(HookKind kind) => kind switch
    {
        HookKind.Check => "Check",
        HookKind.InputGuardrail => "Input guardrail",
        HookKind.ToolGuardrail => "Tool guardrail",
        _ => "Output guardrail",
    };

    /// <summary>The hook's name: the attribute's (constructor argument or <c>Name</c>), else snake_case of the method.</summary>
    public static string HookName(IMethodSymbol method, AttributeData attribute, HookKind kind)
    {
        var explicitName = kind == HookKind.ToolGuardrail
            ? ToolRules.NamedArgument(attribute, "Name") as string
            : attribute.ConstructorArguments.FirstOrDefault().Value as string ?? ToolRules.NamedArgument(attribute, "Name") as string;
        return string.IsNullOrEmpty(explicitName) ? Naming.ToolName(method.Name) : explicitName!;
    }

    /// <summary>The tools a <c>[ToolGuardrail(...)]</c> names (empty: every tool).</summary>
    public static IReadOnlyList<string> GuardedTools(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.FirstOrDefault() is { Kind: TypedConstantKind.Array } array && !array.IsNull)
        {
            return array.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToList();
        }
        return [];
    }

    /// <summary>The agent's typed output, or null when its <c>[Agent]</c> has no <c>OutputType</c> (or it is no agent).</summary>
    public static ITypeSymbol? OutputType(INamedTypeSymbol type, KnownTypeSymbols known)
        => known.Attribute(type, KnownType.AgentAttribute) is { } agent ? ToolRules.NamedArgument(agent, "OutputType") as ITypeSymbol : null;

    /// <summary>
    /// Why a hook on <paramref name="type"/> can never run (DCL0019), or null when it can: checks and
    /// guardrails belong to <c>[Agent]</c> classes, and a check needs a typed answer to look at.
    /// </summary>
    public static string? NeverRunsReason(INamedTypeSymbol type, HookKind kind, KnownTypeSymbols known)
    {
        var agent = known.Attribute(type, KnownType.AgentAttribute);
        if (agent is null)
        {
            return "'" + type.ToDisplayString() + "' is not an [Agent] class, and only agents run checks and guardrails";
        }
        if (kind == HookKind.Check && ToolRules.NamedArgument(agent, "OutputType") is not ITypeSymbol)
        {
            return "agent '" + (ToolRules.NamedArgument(agent, "Name") as string ?? type.Name)
                + "' has no OutputType, so there is no typed answer to check; set OutputType on [Agent]";
        }
        return null;
    }

    /// <summary>
    /// The model of a hook the generator emits, or null with the reason its signature is wrong (DCL0020).
    /// A hook that can never run (<see cref="NeverRunsReason"/>) is not judged here.
    /// </summary>
    public static HookModel? Build(IMethodSymbol method, AttributeData attribute, HookKind kind, ITypeSymbol? outputType, KnownTypeSymbols known, out string? problem)
    {
        problem = SignatureProblem(method, ref kind, outputType, known);
        if (problem is not null)
        {
            return null;
        }
        var (returns, _) = ToolParser.Return(method, known);
        var flag = kind switch
        {
            HookKind.Check => ToolRules.NamedArgument(attribute, "Independent") is not false,
            HookKind.InputGuardrail => ToolRules.NamedArgument(attribute, "Concurrent") is true,
            _ => false,
        };
        var tools = kind == HookKind.ToolGuardrail ? GuardedTools(attribute).ToEquatableArray() : EquatableArray<string>.Empty;
        return new HookModel(kind, HookName(method, attribute, kind), method.Name, method.IsStatic, method.Parameters.Length == 2, returns, flag, tools);
    }

    private static string? SignatureProblem(IMethodSymbol method, ref HookKind kind, ITypeSymbol? outputType, KnownTypeSymbols known)
    {
        if (method.IsGenericMethod)
        {
            return "it is generic; declare it without type parameters";
        }
        var expected = kind switch
        {
            HookKind.Check => "(" + Display(outputType) + " candidate[, CancellationToken])",
            HookKind.InputGuardrail => "(string input[, CancellationToken])",
            HookKind.ToolGuardrail => "(ToolCallContext call[, CancellationToken])",
            _ => outputType is null ? "(string output[, CancellationToken])" : "(string output[, CancellationToken]) or (" + Display(outputType) + " output[, CancellationToken])",
        };
        var parameters = method.Parameters;
        if (parameters.Length is 0 or > 2
            || parameters.Any(p => p.RefKind != RefKind.None)
            || (parameters.Length == 2 && !known.Is(parameters[1].Type, KnownType.CancellationToken)))
        {
            return "it takes (" + string.Join(", ", parameters.Select(p => p.Type.ToDisplayString())) + "); take " + expected;
        }
        var subject = parameters[0].Type;
        var subjectFits = kind switch
        {
            HookKind.Check => outputType is not null && Same(subject, outputType),
            HookKind.InputGuardrail => subject.SpecialType == SpecialType.System_String,
            HookKind.ToolGuardrail => known.Is(subject, KnownType.ToolCallContext),
            _ => subject.SpecialType == SpecialType.System_String || (outputType is not null && Same(subject, outputType)),
        };
        if (!subjectFits)
        {
            return "it takes '" + subject.ToDisplayString() + "'; take " + expected;
        }
        if (kind == HookKind.OutputGuardrail && subject.SpecialType != SpecialType.System_String)
        {
            kind = HookKind.TypedOutputGuardrail;
        }

        var resultType = kind == HookKind.Check ? KnownType.CheckResult : KnownType.GuardrailResult;
        var resultName = kind == HookKind.Check ? "CheckResult" : "GuardrailResult";
        var (returns, value) = ToolParser.Return(method, known);
        if (returns is not (ReturnKind.Value or ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT) || !known.Is(value, resultType))
        {
            return "it returns '" + (method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString()) + "'; return "
                + resultName + ", Task<" + resultName + "> or ValueTask<" + resultName + ">";
        }
        return null;
    }

    /// <summary>The same type, ignoring nullable annotations (a check of <c>Brochure?</c> sees a <c>Brochure</c>).</summary>
    private static bool Same(ITypeSymbol a, ITypeSymbol b) => SymbolEqualityComparer.Default.Equals(a, b);

    private static string Display(ITypeSymbol? type) => type?.ToDisplayString() ?? "T";

    /// <summary>
    /// The members and primary-constructor parameters of <paramref name="type"/> marked with <paramref name="attribute"/>,
    /// with their types, in declaration order (members, then parameters).
    /// </summary>
    public static IEnumerable<(ISymbol Symbol, ITypeSymbol Type)> MarkedMembers(INamedTypeSymbol type, KnownType attribute, KnownTypeSymbols known)
    {
        // Primary-constructor parameters first: they are declared before any member of the body.
        foreach (var constructor in type.InstanceConstructors)
        {
            if (!constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax))
            {
                continue;
            }
            foreach (var parameter in constructor.Parameters)
            {
                if (known.HasAttribute(parameter, attribute))
                {
                    yield return (parameter, parameter.Type);
                }
            }
        }
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            // A field generated for a primary-constructor parameter was found through the parameter above.
            if (memberType is not null && !member.IsImplicitlyDeclared && known.HasAttribute(member, attribute))
            {
                yield return (member, memberType);
            }
        }
    }

    /// <summary>
    /// Why a <c>[Critic]</c> member of type <paramref name="criticType"/> cannot be the agent's critic (DCL0021),
    /// or null when it can: an <c>[Agent]</c> class with <c>OutputType = typeof(RubricVerdict)</c>, or an
    /// <c>IAgent&lt;RubricVerdict&gt;</c>.
    /// </summary>
    public static string? CriticProblem(ITypeSymbol criticType, KnownTypeSymbols known)
    {
        if (IsRubricAgent(criticType, known) || criticType.AllInterfaces.Any(i => IsRubricAgent(i, known)))
        {
            return null;
        }
        if (criticType is INamedTypeSymbol named && known.Attribute(named, KnownType.AgentAttribute) is { } agent)
        {
            if (ToolRules.NamedArgument(agent, "OutputType") is ITypeSymbol output)
            {
                return known.Is(output, KnownType.RubricVerdict)
                    ? null
                    : "agent '" + named.ToDisplayString() + "' answers with '" + output.ToDisplayString() + "', not a RubricVerdict; set OutputType = typeof(RubricVerdict)";
            }
            return "agent '" + named.ToDisplayString() + "' has no OutputType; set OutputType = typeof(RubricVerdict)";
        }
        return "'" + criticType.ToDisplayString() + "' is not an agent; type it as an [Agent] class with OutputType = typeof(RubricVerdict) or as IAgent<RubricVerdict>";
    }

    private static bool IsRubricAgent(ITypeSymbol type, KnownTypeSymbols known)
        => known.Is(type, KnownType.AgentOfT) && type is INamedTypeSymbol { TypeArguments.Length: 1 } named && known.Is(named.TypeArguments[0], KnownType.RubricVerdict);

    /// <summary>
    /// The critic the generator wires: the first <c>[Critic]</c> member whose type passes <see cref="CriticProblem"/>
    /// (every other <c>[Critic]</c> is reported by DCL0021).
    /// </summary>
    public static ISymbol? Critic(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        foreach (var (symbol, memberType) in MarkedMembers(type, KnownType.CriticAttribute, known))
        {
            if (CriticProblem(memberType, known) is null)
            {
                return symbol;
            }
        }
        return null;
    }

    /// <summary>
    /// The names of every tool in the agent's scope: its own, those of the <c>[UseTools]</c> sources the generator
    /// merges and (unless <paramref name="withSpecialists"/> is false) one per <c>[UseAgent]</c> specialist.
    /// </summary>
    public static HashSet<string> ScopeToolNames(INamedTypeSymbol agent, KnownTypeSymbols known, bool withSpecialists = true)
    {
        var names = new HashSet<string>(AgentParser.OwnTools(agent, known), System.StringComparer.Ordinal);
        foreach (var (_, targetType, isStatic, _) in AgentParser.UseToolsTargets(agent, known))
        {
            if (AgentParser.IsUsableSource(targetType, isStatic, known, out var toolSet))
            {
                names.UnionWith(AgentParser.OwnTools(toolSet, known));
            }
        }
        if (withSpecialists)
        {
            foreach (var (member, memberType, useAgent) in AgentRules.UseAgentMembers(agent, known))
            {
                if (AgentRules.Reference(member, memberType, useAgent, known) is { } specialist)
                {
                    names.Add(specialist.ToolName);
                }
            }
        }
        return names;
    }
}
