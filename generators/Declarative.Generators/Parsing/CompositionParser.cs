using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>Composition classes to <see cref="CompositionModel"/>s: only those <see cref="CompositionRules"/> finds nothing wrong with.</summary>
internal static class CompositionParser
{
    public static CompositionModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsStatic: false } type
            || !ToolParser.IsPartialChainPublic(type, cancellationToken))
        {
            return null;
        }
        var compilation = context.SemanticModel.Compilation;
        var known = KnownTypeSymbols.For(compilation);
        if (CompositionRules.CompositionAttribute(type, known) is not { } found)
        {
            return null;
        }
        // The analyzer reports every problem (DCL0024 to DCL0031); a composition with one is not emitted,
        // so the build fails on the diagnostic, not on generated code that does not fit together.
        if (CompositionRules.Problems(type, compilation, known, cancellationToken).Count > 0)
        {
            return null;
        }
        var (attribute, shape) = found;
        if (!SymbolEqualityComparer.Default.Equals(context.Attributes.FirstOrDefault()?.AttributeClass, attribute.AttributeClass))
        {
            // A class with two composition attributes is emitted once, for the first (the pipelines of the others skip it).
            return null;
        }
        var participants = CompositionRules.Participants(type, known);
        var input = participants[0].Reference.InputTypeName ?? "string";
        string output;
        string? join = null;
        var joinIsStatic = false;
        switch (shape)
        {
            case CompositionShape.Sequential:
                output = participants[participants.Count - 1].Reference.OutputTypeName ?? "string";
                break;
            case CompositionShape.Parallel:
                var method = CompositionRules.Methods(type, KnownType.JoinAttribute, known)[0];
                output = ShapeBuilder.TypeName(method.ReturnType);
                join = method.Name;
                joinIsStatic = method.IsStatic;
                break;
            default:
                output = CompositionRules.DeclaredOutput(attribute) is { } declared ? ShapeBuilder.TypeName(declared) : "string";
                break;
        }
        var selector = shape == CompositionShape.GroupChat ? CompositionRules.Methods(type, KnownType.SpeakerSelectorAttribute, known).FirstOrDefault() : null;
        object? Named(string name) => ToolRules.NamedArgument(attribute, name);
        return new CompositionModel
        {
            Namespace = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            TypeChain = ToolParser.TypeChainPublic(type),
            FullName = ShapeBuilder.TypeName(type),
            ClassName = type.Name,
            Name = CompositionRules.Name(type, attribute),
            Description = Named("Description") as string,
            Shape = shape,
            InputTypeName = input,
            OutputTypeName = output,
            Participants = participants.Select(p => p.Reference).ToEquatableArray(),
            JoinMethod = join,
            JoinIsStatic = joinIsStatic,
            MaxHandOffs = Named("MaxHandOffs") is int max ? max : 0,
            Selection = CompositionRules.Selection(attribute) switch { 1 => "Model", 2 => "Code", _ => "RoundRobin" },
            MaxRounds = Named("MaxRounds") is int rounds ? rounds : 10,
            TerminationPhrase = Named("TerminationPhrase") as string,
            SelectorModel = Named("SelectorModel") as string,
            SelectorMethod = selector?.Name,
            SelectorIsStatic = selector?.IsStatic ?? false,
            JudgeMember = shape == CompositionShape.GroupChat ? CompositionRules.Judge(type, known)?.Name : null,
        };
    }
}
