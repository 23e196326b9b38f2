using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary><c>[Grader]</c> methods to <see cref="GraderSuiteModel"/>s. Nothing here keeps a symbol, syntax node or location.</summary>
internal static class GraderParser
{
    /// <summary>
    /// The model of one <c>[Grader]</c> method, or null when the rules reject it (<c>GraderAnalyzer</c> reports why,
    /// so the build fails on the diagnostic) or the compilation does not reference <c>Declarative.Evaluation</c>.
    /// </summary>
    public static GraderMethodEntry? ParseMethod(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax
            || method.ContainingType is not { TypeKind: TypeKind.Class } type)
        {
            return null;
        }
        var known = KnownTypeSymbols.For(context.SemanticModel.Compilation);
        if (!GraderRules.IsAvailable(known) || GraderRules.GraderAttribute(method, known) is not { } attribute)
        {
            return null;
        }
        if (GraderRules.FirstNotPartial(type, cancellationToken) is not null || GraderRules.IsStaticNamedGraders(type))
        {
            return null;
        }
        if (GraderRules.Build(method, attribute, known, cancellationToken, out _) is not { } grader)
        {
            return null;
        }
        return new GraderMethodEntry
        {
            ClassFullName = ShapeBuilder.TypeName(type),
            Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            TypeChain = ToolParser.TypeChainPublic(type),
            ClassIsStatic = type.IsStatic,
            InputTypeName = ShapeBuilder.TypeName(grader.Input),
            OutputTypeName = ShapeBuilder.TypeName(grader.Output),
            Grader = grader.Model,
        };
    }

    /// <summary>
    /// Regroups method models by class, in declaration order, keeping the graders <see cref="GraderRules.Suite"/>
    /// keeps: those agreeing with the first on the case types, under names not taken before.
    /// </summary>
    public static ImmutableArray<GraderSuiteModel> GroupByClass(ImmutableArray<GraderMethodEntry> entries, CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<GraderSuiteModel>();
        foreach (var group in entries.GroupBy(e => e.ClassFullName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var all = group.ToList();
            var kept = GraderRules.Suite(all.Select(e => (e.Grader.Name, e.InputTypeName, e.OutputTypeName)).ToList());
            var first = all[kept[0]];
            result.Add(new GraderSuiteModel
            {
                Namespace = first.Namespace,
                TypeChain = first.TypeChain,
                FullName = first.ClassFullName,
                IsStatic = first.ClassIsStatic,
                InputTypeName = first.InputTypeName,
                OutputTypeName = first.OutputTypeName,
                Graders = kept.Select(i => all[i].Grader).ToEquatableArray(),
            });
        }
        return result.ToImmutable();
    }
}
