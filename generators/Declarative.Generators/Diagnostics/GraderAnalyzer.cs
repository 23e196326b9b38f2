using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Parsing;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports what keeps a <c>[Grader]</c> method out of its class's generated suite: wrong parameters (DCL0032),
/// a wrong return type (DCL0033), a class that is not partial (DCL0034), case types that disagree (DCL0035),
/// a filter that cannot apply (DCL0036) and a name taken twice (DCL0037). Every question goes to
/// <see cref="GraderRules"/>, which the generator asks too, so a grader reported here is exactly one the
/// generated <c>Graders</c> list leaves out.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class GraderAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.GraderParameters,
        DiagnosticDescriptors.GraderReturn,
        DiagnosticDescriptors.GraderClassMustBePartial,
        DiagnosticDescriptors.GraderTypesDisagree,
        DiagnosticDescriptors.GraderFilter,
        DiagnosticDescriptors.DuplicateGraderName);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // A project without Declarative.Evaluation has no graders, and the generator emits none.
            var known = KnownTypeSymbols.For(start.Compilation);
            if (!GraderRules.IsAvailable(known))
            {
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var graders = GraderRules.Graders(type, known).ToList();
        if (graders.Count == 0)
        {
            return;
        }
        var cancellationToken = context.CancellationToken;
        if (GraderRules.FirstNotPartial(type, cancellationToken) is { } notPartial)
        {
            var location = Identifier(notPartial, cancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GraderClassMustBePartial, location,
                "'" + notPartial.ToDisplayString() + "' must be partial so that the generator can add the grader suite of '" + type.ToDisplayString() + "', which declares [Grader] methods"));
        }
        else if (GraderRules.IsStaticNamedGraders(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GraderClassMustBePartial, Identifier(type, cancellationToken),
                "'" + type.ToDisplayString() + "' is a static class named Graders, which cannot have the static Graders property its suite needs; rename the class or make it non-static"));
        }
        else if (type.TypeKind != TypeKind.Class)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GraderClassMustBePartial, Identifier(type, cancellationToken),
                "'" + type.ToDisplayString() + "' is a " + (type.TypeKind == TypeKind.Struct ? "struct" : "type the generator cannot extend")
                + "; declare its [Grader] methods in a partial class (a suite's graders capture the instance they run on)"));
        }

        var accepted = new List<(IMethodSymbol Method, AcceptedGrader Grader)>();
        foreach (var (method, attribute) in graders)
        {
            if (GraderRules.Build(method, attribute, known, cancellationToken, out var problems) is { } grader)
            {
                accepted.Add((method, grader));
                continue;
            }
            foreach (var problem in problems)
            {
                var descriptor = problem.Kind switch
                {
                    GraderProblemKind.Parameters => DiagnosticDescriptors.GraderParameters,
                    GraderProblemKind.Return => DiagnosticDescriptors.GraderReturn,
                    GraderProblemKind.Types => DiagnosticDescriptors.GraderTypesDisagree,
                    _ => DiagnosticDescriptors.GraderFilter,
                };
                context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location, problem.Message));
            }
        }
        if (accepted.Count == 0)
        {
            return;
        }

        var members = GraderRules.SuiteMembers(
            accepted.Select(a => (a.Grader.Model.Name, ShapeBuilder.TypeName(a.Grader.Input), ShapeBuilder.TypeName(a.Grader.Output))).ToList(),
            out var rejected);
        var (firstMethod, first) = accepted[members[0]];
        foreach (var (index, duplicate) in rejected)
        {
            var (method, grader) = accepted[index];
            var label = "Grader '" + grader.Model.Name + "' (" + method.Name + ")";
            if (duplicate)
            {
                var earlier = accepted.First(a => a.Grader.Model.Name == grader.Model.Name).Method;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateGraderName, method.Locations.FirstOrDefault() ?? Location.None,
                    "Two graders of '" + type.ToDisplayString() + "' are named '" + grader.Model.Name + "' (" + earlier.Name + " and " + method.Name
                    + "); give one another name with [Grader(\"...\")]"));
                continue;
            }
            var theirs = CaseType(first);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GraderTypesDisagree, method.Parameters[0].Locations.FirstOrDefault() ?? Location.None,
                label + " grades " + CaseType(grader) + ", but the first grader of '" + type.ToDisplayString() + "', '" + first.Model.Name + "' (" + firstMethod.Name
                + "), grades " + theirs + "; a class's graders form one suite over one dataset, so take " + theirs + " or move the grader to a class of its own"));
        }
    }

    private static Location Identifier(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.GetLocation()
            ?? type.Locations.FirstOrDefault() ?? Location.None;

    private static string CaseType(AcceptedGrader grader) => "EvalCase<" + grader.Input.ToDisplayString() + ", " + grader.Output.ToDisplayString() + ">";
}
