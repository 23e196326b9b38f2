using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Generators.Model;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports what is wrong with an <c>[Agent]</c> class: its declaration (DCL0015), its instructions
/// (DCL0018), its output type (DCL0016) and its tool scope (DCL0013, DCL0014). Like
/// <see cref="ToolAnalyzer"/>, it asks the generator's own parser every question — <see cref="AgentParser"/>
/// for the tool sources, <see cref="ShapeBuilder"/> for the output — so what it reports is exactly
/// what the generator skips or gets wrong.
/// </summary>
/// <remarks>The tool-scope rules live in <c>AgentAnalyzer.Tools.cs</c>.</remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class AgentAnalyzer : DiagnosticAnalyzer
{
    private const string OutputTypeArgument = "OutputType";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.DuplicateAgentToolName,
        DiagnosticDescriptors.NotAToolSet,
        DiagnosticDescriptors.InvalidAgentClass,
        DiagnosticDescriptors.UnsupportedOutputType,
        DiagnosticDescriptors.MissingInstructions);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // As in ToolAnalyzer: every definition of the attribute counts, since the generator matches by name.
            var known = KnownTypeSymbols.For(start.Compilation);
            if (!known.Defines(KnownType.AgentAttribute))
            {
                return;
            }
            start.RegisterSymbolAction(c => AnalyzeType(c, known), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = known.Attribute(type, KnownType.AgentAttribute);
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax)
        {
            return;
        }

        CheckDeclaration(context, known, type, syntax);
        CheckInstructions(context, type, attribute, syntax);
        CheckOutput(context, known, type, attribute, syntax);
        CheckToolScope(context, known, type, AgentName(type, attribute));
    }

    /// <summary>DCL0015, on the identifier of the declaration carrying <c>[Agent]</c>.</summary>
    private static void CheckDeclaration(SymbolAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol type, AttributeSyntax attribute)
    {
        var reason = InvalidDeclarationReason(type, known, context.CancellationToken);
        if (reason is null)
        {
            return;
        }
        var location = attribute.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.GetLocation() ?? type.Locations[0];
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidAgentClass, location, type.ToDisplayString(), reason));
    }

    /// <summary>Why the generator cannot add a part to the agent class, or null when it can.</summary>
    private static string? InvalidDeclarationReason(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class)
        {
            return "it is not a class; declare it as a partial class";
        }
        if (type.IsStatic)
        {
            return "it is static, but an agent is an instance that holds its tool sets; remove 'static'";
        }
        // A class with [Tool] methods is already reported by DCL0001 for a missing 'partial' (on itself
        // or on a containing type); one error for one fix is enough.
        var reportedAsToolClass = DeclaresToolMethods(type, known);
        if (!reportedAsToolClass && !IsPartial(type, cancellationToken))
        {
            return "it is not partial, so the generator cannot add IAgent to it; declare it 'partial'";
        }
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return "its containing type '" + container.ToDisplayString() + "' is an " + KindName(container)
                    + ", which the generator cannot reopen; declare the agent in a partial class or at namespace level";
            }
            if (!reportedAsToolClass && !IsPartial(container, cancellationToken))
            {
                return "its containing type '" + container.ToDisplayString() + "' is not partial, so the generator cannot reopen it; declare it 'partial'";
            }
        }
        return null;
    }

    private static string KindName(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Interface => "interface",
        TypeKind.Enum => "enum",
        TypeKind.Delegate => "delegate",
        _ => type.TypeKind.ToString().ToLowerInvariant(),
    };

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static bool DeclaresToolMethods(INamedTypeSymbol type, KnownTypeSymbols known)
        => type.GetMembers().Any(m => m is IMethodSymbol method && known.HasAttribute(method, KnownType.ToolAttribute));

    /// <summary>DCL0018, on the attribute: neither instructions nor a resource to read them from.</summary>
    private static void CheckInstructions(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, AttributeSyntax syntax)
    {
        var instructions = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        var resource = NamedArgument(attribute, "InstructionsResource") as string;
        if (string.IsNullOrWhiteSpace(instructions) && string.IsNullOrWhiteSpace(resource))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingInstructions, syntax.GetLocation(), AgentName(type, attribute)));
        }
    }

    /// <summary>DCL0016, on the <c>OutputType = typeof(...)</c> argument: the first type in the output the generator cannot describe.</summary>
    private static void CheckOutput(SymbolAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol type, AttributeData attribute, AttributeSyntax syntax)
    {
        if (NamedArgument(attribute, OutputTypeArgument) is not ITypeSymbol outputType || outputType.TypeKind == TypeKind.Error)
        {
            return;
        }
        var builder = new ShapeBuilder(known, context.CancellationToken);
        var shape = builder.Build(outputType);
        if (ShapeSearch.First(shape, "output", ShapeKind.Unsupported, builder) is not { } bad)
        {
            return;
        }
        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == OutputTypeArgument);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnsupportedOutputType,
            argument?.GetLocation() ?? syntax.GetLocation(),
            outputType.ToDisplayString(), AgentName(type, attribute), bad.DisplayTypeName, bad.Path, bad.Reason));
    }

    /// <summary>The agent's name as the generator gives it: the attribute's <c>Name</c>, else the class name.</summary>
    private static string AgentName(INamedTypeSymbol type, AttributeData attribute)
        => NamedArgument(attribute, "Name") as string ?? type.Name;

    private static object? NamedArgument(AttributeData attribute, string name) => Rules.ToolRules.NamedArgument(attribute, name);
}
