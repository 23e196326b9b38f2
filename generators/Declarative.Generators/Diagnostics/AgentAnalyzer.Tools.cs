using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

public sealed partial class AgentAnalyzer
{
    /// <summary>One place an agent's tools come from: its own methods, a <c>[UseTools]</c> member or a static tool class.</summary>
    /// <param name="Group">Sources in one group never clash with each other here: the agent's own methods
    /// form one group, whose internal clashes are DCL0007's.</param>
    /// <param name="Description">How messages name the source.</param>
    /// <param name="Location">Where the source is declared, and where a clash it causes is reported.</param>
    /// <param name="ToolNames">Its tools' names, each once.</param>
    private sealed record ToolScopeSource(int Group, string Description, Location Location, IReadOnlyList<string> ToolNames);

    /// <summary>DCL0014 for each <c>[UseTools]</c> target the generator cannot merge; DCL0013 for each name clash among the rest.</summary>
    private static void CheckToolScope(SymbolAnalysisContext context, KnownTypeSymbols known, INamedTypeSymbol agent, string agentName)
    {
        var sources = new List<ToolScopeSource>();

        var ownGroup = sources.Count;
        foreach (var (method, name) in AgentParser.OwnToolMethods(agent, known))
        {
            sources.Add(new ToolScopeSource(ownGroup, "its own method '" + method.Name + "'", method.Locations[0], [name]));
        }

        var group = ownGroup + 1;
        foreach (var (symbol, type, isStaticClass, classAttribute) in AgentParser.UseToolsTargets(agent, known))
        {
            var location = isStaticClass
                ? classAttribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? agent.Locations[0]
                : symbol.Locations[0];
            if (type is { TypeKind: TypeKind.Error })
            {
                // The compiler already reports a type it cannot resolve.
                continue;
            }
            if (!AgentParser.IsUsableSource(type, isStaticClass, known, out var toolSet))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NotAToolSet, location,
                    isStaticClass ? "the class" : MemberKind(symbol) + " '" + symbol.Name + "'",
                    agentName,
                    isStaticClass ? NotAStaticToolClassReason(type, known) : NotAToolSetMemberReason(type!, known)));
                continue;
            }
            var description = isStaticClass
                ? "[UseTools(typeof(" + toolSet.ToDisplayString() + "))]"
                : "[UseTools] " + MemberKind(symbol) + " '" + symbol.Name + "'";
            var names = AgentParser.OwnTools(toolSet, known).Distinct(StringComparer.Ordinal).ToList();
            sources.Add(new ToolScopeSource(group++, description, location, names));
        }

        ReportClashes(context, agentName, sources);
    }

    /// <summary>
    /// Each tool name belongs to the source declared first (in the order of the compilation's files,
    /// then of the text); every later source in another group that has the name is reported.
    /// </summary>
    private static void ReportClashes(SymbolAnalysisContext context, string agentName, List<ToolScopeSource> sources)
    {
        var trees = context.Compilation.SyntaxTrees.Select((tree, index) => (tree, index)).ToDictionary(p => p.tree, p => p.index);
        int TreeIndex(Location location) => location.SourceTree is { } tree && trees.TryGetValue(tree, out var index) ? index : int.MaxValue;

        var ordered = sources
            .Select((source, index) => (source, index))
            .OrderBy(p => TreeIndex(p.source.Location))
            .ThenBy(p => p.source.Location.SourceSpan.Start)
            .ThenBy(p => p.index)
            .Select(p => p.source);

        var owners = new Dictionary<string, ToolScopeSource>(StringComparer.Ordinal);
        foreach (var source in ordered)
        {
            foreach (var name in source.ToolNames)
            {
                if (!Naming.IsValidToolName(name))
                {
                    continue;
                }
                if (!owners.TryGetValue(name, out var owner))
                {
                    owners.Add(name, source);
                }
                else if (owner.Group != source.Group)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DuplicateAgentToolName, source.Location,
                        additionalLocations: [owner.Location],
                        agentName, name, owner.Description, source.Description));
                }
            }
        }
    }

    private static string MemberKind(ISymbol symbol) => symbol switch
    {
        IParameterSymbol => "parameter",
        IPropertySymbol => "property",
        _ => "field",
    };

    private static string NotAToolSetMemberReason(ITypeSymbol type, KnownTypeSymbols known)
    {
        var name = type.ToDisplayString();
        if (type is INamedTypeSymbol { IsStatic: true } named && AgentParser.IsToolSetType(named, known))
        {
            return "'" + name + "' is a static class; put [UseTools(typeof(" + name + "))] on the agent class instead";
        }
        if (type.TypeKind == TypeKind.Interface)
        {
            return "'" + name + "' is an interface, so the names of its tools are not known at compile time; type the member as the generated tool set class";
        }
        return "'" + name + "' declares no [Tool] methods, so it is not a generated tool set and the names of its tools are not known at compile time";
    }

    private static string NotAStaticToolClassReason(ITypeSymbol? type, KnownTypeSymbols known)
    {
        if (type is null)
        {
            return "no tool class is named; write [UseTools(typeof(SomeTools))] for a static tool class, or put [UseTools] on a member that holds a tool set";
        }
        var name = type.ToDisplayString();
        if (type is INamedTypeSymbol named && AgentParser.IsToolSetType(named, known))
        {
            return "'" + name + "' is not static, so it has no shared tool set; hold an instance in a [UseTools] field, property or constructor parameter";
        }
        return "'" + name + "' declares no [Tool] methods; [UseTools(typeof(...))] takes a static class with [Tool] methods";
    }
}
