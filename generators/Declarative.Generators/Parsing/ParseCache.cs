using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Declarative.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// What parsing learns about symbols that does not depend on where they are used: type names,
/// doc comments, enum types and the facts of object types. One cache per
/// <see cref="Compilation"/> lets a thousand <c>[Tool]</c> methods that share a record ask the
/// symbol API about it once instead of a thousand times.
/// </summary>
/// <remarks>
/// <para>
/// The cache is a side table, never a pipeline value: the pipeline still carries only the equatable
/// models built from it, so incrementality is unchanged. It holds symbols, so it is keyed weakly on the
/// compilation that owns them (<see cref="ConditionalWeakTable{TKey, TValue}"/>) and dies with it; an
/// edit makes a new compilation and therefore a new, empty cache. It is not thread-safe: callers that
/// share one take <see cref="Gate"/>.
/// </para>
/// <para>
/// It pays in the editor as well as in a build: every edit makes a new compilation, on which the
/// generator parses every <c>[Tool]</c> method again. Measured by the IDE-edit benchmark
/// (<c>--generators-ide-edit</c>, 1,000 tools in 100 files, docs/benchmarks.md), sharing one cache
/// across methods takes 0.55–0.57 of the time per edit of a private cache per method, and 0.74 of a
/// cold run. The lock is uncontended within one driver and keeps concurrent drivers on one
/// compilation safe. Every entry is a pure function of its symbol (nothing is updated in place).
/// </para>
/// </remarks>
internal sealed class ParseCache
{
    private static readonly ConditionalWeakTable<Compilation, ParseCache> s_byCompilation = new();

    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Keys compare nullable annotations too, so "string?" and "string" keep their own names.
    private readonly Dictionary<ITypeSymbol, string> _typeNames = new(SymbolEqualityComparer.IncludeNullability);
    private readonly Dictionary<ITypeSymbol, string> _definitionNames = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, DocComments> _docs = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether the generator shares one cache per compilation (the default) or gives each <c>[Tool]</c>
    /// method a private one. Only the IDE-edit benchmark turns it off, to measure what sharing buys.
    /// </summary>
    internal static bool SharedPerCompilation { get; set; } = true;

    /// <summary>The cache shared by everything parsed from <paramref name="compilation"/>.</summary>
    public static ParseCache For(Compilation compilation) => s_byCompilation.GetValue(compilation, static _ => new ParseCache());

    /// <summary>Taken by callers for as long as they use a shared cache.</summary>
    public object Gate { get; } = new();

    /// <summary>Enum types, described once: nothing in an enum's model depends on where it is used.</summary>
    public Dictionary<INamedTypeSymbol, NamedType> Enums { get; } = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>Object types' own facts (constructor, properties and their attributes), gathered once.</summary>
    internal Dictionary<INamedTypeSymbol, ShapeBuilder.ObjectFacts> Objects { get; } = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>Shapes of types that reach no named type (strings, numbers, lists of them...), built once.</summary>
    public Dictionary<ITypeSymbol, TypeShape> Leaves { get; } = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary>The containing classes of tool methods, described once per class.</summary>
    internal Dictionary<INamedTypeSymbol, ToolParser.ClassFacts> Classes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The fully qualified C# name, with <c>global::</c> and nullable annotations (as <see cref="ShapeBuilder.TypeName"/>).</summary>
    public string TypeName(ITypeSymbol type)
    {
        if (!_typeNames.TryGetValue(type, out var name))
        {
            name = type.ToDisplayString(FullyQualified);
            _typeNames[type] = name;
        }
        return name;
    }

    /// <summary><c>type.OriginalDefinition.ToDisplayString()</c>: <c>System.Collections.Generic.List&lt;T&gt;</c>.</summary>
    /// <remarks>
    /// Single types are matched through <see cref="KnownTypeSymbols"/>; this name is left for the rules
    /// about families of types (every <c>System.Tuple</c>, every framework type) and for messages.
    /// </remarks>
    public string DefinitionName(ITypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (!_definitionNames.TryGetValue(definition, out var name))
        {
            name = definition.ToDisplayString();
            _definitionNames[definition] = name;
        }
        return name;
    }

    /// <summary><see cref="DocComments.For"/>, read once per symbol.</summary>
    public DocComments Docs(ISymbol symbol)
    {
        if (!_docs.TryGetValue(symbol, out var docs))
        {
            docs = DocComments.For(symbol);
            _docs[symbol] = docs;
        }
        return docs;
    }
}
