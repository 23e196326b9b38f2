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
            // Resolve the attributes once per compilation. All definitions are kept: the generator
            // matches by metadata name, so a second copy of the attribute must not hide a tool from us.
            var toolAttributes = start.Compilation.GetTypesByMetadataName(ToolGenerator.ToolAttributeName);
            if (toolAttributes.IsEmpty)
            {
                return;
            }
            var known = new KnownTypes(toolAttributes);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, known), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
        });
    }

    /// <summary>The <c>[Tool]</c> attribute types of one compilation.</summary>
    private sealed class KnownTypes(ImmutableArray<INamedTypeSymbol> toolAttributes)
    {
        /// <summary>The <c>[Tool]</c> attribute of a method the generator would pick up, else null.</summary>
        public AttributeData? ToolAttribute(IMethodSymbol method)
        {
            // Ordinary methods only, as the generator's predicate takes method declarations only. A partial
            // method is seen through its definition part, which carries the attributes of both parts.
            if (method.MethodKind != MethodKind.Ordinary || method.PartialDefinitionPart is not null)
            {
                return null;
            }
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && toolAttributes.Contains(attributeClass, SymbolEqualityComparer.Default))
                {
                    return attribute;
                }
            }
            return null;
        }

        public bool DeclaresTools(INamedTypeSymbol type)
            => type.GetMembers().Any(m => m is IMethodSymbol method && ToolAttribute(method) is not null);
    }

    private static MethodDeclarationSyntax? Declaration(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        => method.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault();
}
