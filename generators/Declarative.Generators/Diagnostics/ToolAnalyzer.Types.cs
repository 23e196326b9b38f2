using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

public sealed partial class ToolAnalyzer
{
    /// <summary>DCL0001 and DCL0007: the rules that look at a whole class, across its partial declarations.</summary>
    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypeSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return;
        }
        CheckPartial(context, type, known);
        if (DeclaresTools(type, known))
        {
            CheckDuplicateNames(context, type, known);
        }
    }

    /// <summary>
    /// Reports a type that is not partial but must be: it declares tools, or a type nested in it does.
    /// Each type reports only itself, so a containing type shared by several tool classes is reported once.
    /// </summary>
    private static void CheckPartial(SymbolAnalysisContext context, INamedTypeSymbol type, KnownTypeSymbols known)
    {
        var declarations = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .ToList();
        if (declarations.Count == 0 || declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            return;
        }
        var toolClass = FindToolClass(type, known);
        if (toolClass is null)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ClassMustBePartial,
            declarations[0].Identifier.GetLocation(),
            type.ToDisplayString(),
            toolClass.ToDisplayString()));
    }

    /// <summary>The type itself if it declares tools, else the first nested class or struct (at any depth) that does.</summary>
    private static INamedTypeSymbol? FindToolClass(INamedTypeSymbol type, KnownTypeSymbols known)
    {
        if (DeclaresTools(type, known))
        {
            return type;
        }
        foreach (var nested in type.GetTypeMembers())
        {
            if (nested.TypeKind is TypeKind.Class or TypeKind.Struct && FindToolClass(nested, known) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Reports each tool whose name an earlier tool of the class (in declaration order) already has.</summary>
    private static void CheckDuplicateNames(SymbolAnalysisContext context, INamedTypeSymbol type, KnownTypeSymbols known)
    {
        var first = new Dictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol method || ToolAttribute(method, known) is not { } attribute)
            {
                continue;
            }
            var name = ToolParser.ToolName(method, attribute);
            if (!Naming.IsValidToolName(name))
            {
                continue;
            }
            if (first.TryGetValue(name, out var earlier))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateToolName,
                    method.Locations[0],
                    additionalLocations: earlier.Locations,
                    name,
                    earlier.Name,
                    type.ToDisplayString()));
            }
            else
            {
                first.Add(name, method);
            }
        }
    }
}
