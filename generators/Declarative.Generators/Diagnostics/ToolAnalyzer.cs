using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports what the tool generator cannot do, or does at a cost, with the rules of
/// <see cref="DiagnosticDescriptors"/>. It asks the generator's own parser (<see cref="ToolParser"/>,
/// <see cref="ShapeBuilder"/>, <see cref="Naming"/>, <see cref="DocComments"/>) every question, so a
/// type the generator skips is exactly a type reported here.
/// </summary>
/// <remarks>
/// Per-method rules run on method symbols (<c>ToolAnalyzer.Methods.cs</c>); the rules that need a whole
/// class — partial declarations, name clashes across partial parts — run on named types
/// (<c>ToolAnalyzer.Types.cs</c>).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ToolAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ClassMustBePartial,
        DiagnosticDescriptors.UnsupportedParameterType,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.ParameterNotBindable,
        DiagnosticDescriptors.GenericMethod,
        DiagnosticDescriptors.AsyncVoid,
        DiagnosticDescriptors.DuplicateToolName,
        DiagnosticDescriptors.InvalidToolName,
        DiagnosticDescriptors.MissingToolDescription,
        DiagnosticDescriptors.MissingParameterDescription,
        DiagnosticDescriptors.ReflectionSerialization,
        DiagnosticDescriptors.ContextSerialization,
        DiagnosticDescriptors.NoStrictSchema);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Resolve the well-known types once per compilation. Every definition of [Tool] is kept: the
            // generator matches by metadata name, so a second copy of the attribute must not hide a tool from us.
            var known = KnownTypeSymbols.For(start.Compilation);
            if (!known.Defines(KnownType.ToolAttribute))
            {
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeMethod(c, known), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
        });
    }

    /// <summary>The <c>[Tool]</c> attribute of a method the generator would pick up, else null.</summary>
    private static AttributeData? ToolAttribute(IMethodSymbol method, KnownTypeSymbols known)
    {
        // Ordinary methods only, as the generator's predicate takes method declarations only. A partial
        // method is seen through its definition part, which carries the attributes of both parts.
        if (method.MethodKind != MethodKind.Ordinary || method.PartialDefinitionPart is not null)
        {
            return null;
        }
        return known.Attribute(method, KnownType.ToolAttribute);
    }

    private static bool DeclaresTools(INamedTypeSymbol type, KnownTypeSymbols known)
        => type.GetMembers().Any(m => m is IMethodSymbol method && ToolAttribute(method, known) is not null);

    private static MethodDeclarationSyntax? Declaration(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        => method.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault();
}
