using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports what is wrong with an agent's quality gate: a check or guardrail that can never run (DCL0019) or
/// has the wrong signature (DCL0020), a critic that is not a rubric agent (DCL0021), a tool guardrail naming a
/// tool the agent lacks (DCL0022), and a <c>[Sensitive]</c> marker that redacts nothing (DCL0023). Every
/// question goes to <see cref="ReflectionRules"/> and <see cref="SensitiveRules"/>, which the generator asks too,
/// so a hook reported here is exactly one the generator leaves out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReflectionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.HookNeverRuns,
        DiagnosticDescriptors.HookSignature,
        DiagnosticDescriptors.InvalidCritic,
        DiagnosticDescriptors.UnknownGuardedTool,
        DiagnosticDescriptors.SensitiveNoEffect);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownTypeSymbols.For(start.Compilation);
            if (!known.Defines(KnownType.CheckAttribute) && !known.Defines(KnownType.SensitiveAttribute))
            {
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
            start.RegisterSymbolAction(c => AnalyzeSensitive(c, known), SymbolKind.Method);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var outputType = ReflectionRules.OutputType(type, known);
        if (outputType is { TypeKind: TypeKind.Error })
        {
            // The compiler reports a type it cannot resolve; judging hooks against it would only add noise.
            return;
        }
        var agentName = known.Attribute(type, KnownType.AgentAttribute) is { } agent ? ToolRules.NamedArgument(agent, "Name") as string ?? type.Name : type.Name;
        System.Collections.Generic.HashSet<string>? scope = null;
        foreach (var (method, attribute, kind) in ReflectionRules.Hooks(type, known))
        {
            var name = ReflectionRules.HookName(method, attribute, kind);
            var location = method.Locations[0];
            if (ReflectionRules.NeverRunsReason(type, kind, known) is { } reason)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HookNeverRuns, location, ReflectionRules.KindName(kind), name, reason));
                continue;
            }
            if (ReflectionRules.Build(method, attribute, kind, outputType, known, out var problem) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HookSignature, location, ReflectionRules.KindName(kind), name, problem));
                continue;
            }
            if (kind == HookKind.ToolGuardrail)
            {
                scope ??= ReflectionRules.ScopeToolNames(type, known);
                foreach (var tool in ReflectionRules.GuardedTools(attribute).Where(t => !scope.Contains(t)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownGuardedTool, ToolArgumentLocation(attribute, tool, context) ?? location, name, agentName, tool));
                }
            }
        }
        CheckCritics(context, known, type, outputType, agentName);
    }

    /// <summary>DCL0021 on each <c>[Critic]</c> member the generator does not wire.</summary>
    private static void CheckCritics(SymbolAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol type, ITypeSymbol? outputType, string agentName)
    {
        // The generator wires the first valid critic (ReflectionRules.Critic); every other one is reported.
        ISymbol? first = null;
        foreach (var (symbol, memberType) in ReflectionRules.MarkedMembers(type, KnownType.CriticAttribute, known))
        {
            if (memberType.TypeKind == TypeKind.Error)
            {
                continue;
            }
            // In a group chat the [Critic] member is the judge: it must be a rubric agent, and the class is no agent.
            var reason = CompositionRules.CompositionAttribute(type, known) is { Shape: Model.CompositionShape.GroupChat }
                ? ReflectionRules.CriticProblem(memberType, known) ?? (first is not null ? "the group chat already has the judge '" + first.Name + "'; a group chat has one" : null)
                : !known.HasAttribute(type, KnownType.AgentAttribute)
                ? "'" + type.ToDisplayString() + "' is not an [Agent] class"
                : outputType is null
                    ? "agent '" + agentName + "' has no OutputType, so there is no typed answer to critique; set OutputType on [Agent]"
                    : ReflectionRules.CriticProblem(memberType, known)
                        ?? (first is not null ? "the agent already has the critic '" + first.Name + "'; an agent has one critic" : null);
            if (reason is null)
            {
                first = symbol;
            }
            if (reason is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidCritic, symbol.Locations[0], MemberKind(symbol), symbol.Name, agentName, reason));
            }
        }
    }

    /// <summary>DCL0023 on each <c>[Sensitive]</c> of a method's parameters and return value that redacts nothing.</summary>
    private static void AnalyzeSensitive(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        foreach (var parameter in method.Parameters)
        {
            if (known.Attribute(parameter, KnownType.SensitiveAttribute) is { } attribute && SensitiveRules.ParameterNoEffectReason(parameter, known) is { } reason)
            {
                Report(context, attribute, parameter.Locations.FirstOrDefault(), "parameter '" + parameter.Name + "'", reason);
            }
        }
        var returned = method.GetReturnTypeAttributes().FirstOrDefault(a => known.Is(a.AttributeClass, KnownType.SensitiveAttribute));
        if (returned is not null && SensitiveRules.ReturnNoEffectReason(method, known) is { } returnReason)
        {
            Report(context, returned, method.Locations.FirstOrDefault(), "the return value of '" + method.Name + "'", returnReason);
        }
    }

    private static void Report(SymbolAnalysisContext context, AttributeData attribute, Location? fallback, string target, string reason)
    {
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? fallback ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SensitiveNoEffect, location, target, reason));
    }

    /// <summary>The string literal naming <paramref name="tool"/> in <c>[ToolGuardrail(...)]</c>.</summary>
    private static Location? ToolArgumentLocation(AttributeData attribute, string tool, SymbolAnalysisContext context)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
        {
            return null;
        }
        return syntax.ArgumentList.Arguments
            .Where(a => a.NameEquals is null && a.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText == tool)
            .Select(a => a.GetLocation())
            .FirstOrDefault();
    }

    private static string MemberKind(ISymbol symbol) => symbol switch
    {
        IFieldSymbol => "field",
        IPropertySymbol => "property",
        _ => "parameter",
    };
}
