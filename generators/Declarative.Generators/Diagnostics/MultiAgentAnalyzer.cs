using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Parsing;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports what is wrong with agents used by other agents and with compositions (DCL0024 to DCL0031): a
/// [UseAgent] member that is no agent, stages and branches whose types do not fit, hand-off graphs that
/// name strangers, cannot finish or loop without a limit, clashing names, and compositions, selectors,
/// templates or managers that cannot work. Every question goes to <see cref="CompositionRules"/> and
/// <see cref="AgentRules"/>, which the generator asks too, so what is reported here is what it leaves out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MultiAgentAnalyzer : DiagnosticAnalyzer
{
    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        ["DCL0024"] = DiagnosticDescriptors.UseAgentNotAnAgent,
        ["DCL0025"] = DiagnosticDescriptors.StageMismatch,
        ["DCL0026"] = DiagnosticDescriptors.ParallelMismatch,
        ["DCL0027"] = DiagnosticDescriptors.UnknownHandOffTarget,
        ["DCL0028"] = DiagnosticDescriptors.CannotFinish,
        ["DCL0029"] = DiagnosticDescriptors.HandOffCycle,
        ["DCL0030"] = DiagnosticDescriptors.DuplicateAgentName,
        ["DCL0031"] = DiagnosticDescriptors.CompositionCannotWork,
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UseAgentNotAnAgent,
        DiagnosticDescriptors.StageMismatch,
        DiagnosticDescriptors.ParallelMismatch,
        DiagnosticDescriptors.UnknownHandOffTarget,
        DiagnosticDescriptors.CannotFinish,
        DiagnosticDescriptors.HandOffCycle,
        DiagnosticDescriptors.DuplicateAgentName,
        DiagnosticDescriptors.CompositionCannotWork);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownTypeSymbols.For(start.Compilation);
            if (!known.Defines(KnownType.UseAgentAttribute) && !known.Defines(KnownType.InputTemplateAttribute))
            {
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var problems = new List<Problem>();
        if (CompositionRules.CompositionAttribute(type, known) is not null)
        {
            problems.AddRange(CompositionRules.Problems(type, context.Compilation, known, context.CancellationToken));
        }
        else if (known.HasAttribute(type, KnownType.AgentAttribute))
        {
            foreach (var (symbol, memberType, _) in AgentRules.UseAgentMembers(type, known))
            {
                if (memberType.TypeKind != TypeKind.Error && AgentRules.AgentAttributeOf(memberType, known) is null)
                {
                    problems.Add(new Problem("DCL0024", symbol.Locations.FirstOrDefault(), AgentRules.NotAnAgentMessage(symbol, memberType)));
                }
            }
            problems.AddRange(AgentRules.ManagerProblems(type, known).Select(p => new Problem(p.Id, p.Symbol.Locations.FirstOrDefault(), p.Message)));
            if (AgentRules.InputTypeProblem(type, known, context.CancellationToken) is { } inputProblem)
            {
                problems.Add(new Problem("DCL0031", InputTypeLocation(type, known) ?? type.Locations.FirstOrDefault(), inputProblem));
            }
        }
        IMethodSymbol? template = null;
        foreach (var method in AgentRules.InputTemplates(type, known))
        {
            var problem = AgentRules.InputTemplateProblem(type, method, known)
                ?? (template is not null ? "the agent " + type.Name + " already has the [InputTemplate] method '" + template.Name + "'; an agent has one" : null);
            template ??= problem is null ? method : null;
            if (problem is not null)
            {
                problems.Add(new Problem("DCL0031", method.Locations.FirstOrDefault(), problem));
            }
        }
        foreach (var problem in problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(s_byId[problem.Id], problem.Location, problem.Message));
        }
    }

    /// <summary>The <c>InputType = typeof(...)</c> argument of the agent's attribute.</summary>
    private static Location? InputTypeLocation(INamedTypeSymbol type, KnownTypeSymbols known)
        => known.Attribute(type, KnownType.AgentAttribute)?.ApplicationSyntaxReference?.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax { ArgumentList: { } arguments }
            ? arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "InputType")?.GetLocation()
            : null;
}
