using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// What a run needs of its agent's tool set, built once per set (and invocation options) rather than
/// per run or per call: the descriptors, their <see cref="AIFunction"/> views for the model, and a
/// lookup by name.
/// </summary>
/// <remarks>
/// A set's tools are fixed for as long as it hands out the same list; a set that hands out a different
/// list is looked at afresh.
/// </remarks>
internal sealed class ToolLookup
{
    // Beyond a handful of tools a hash lookup beats comparing names one by one.
    private const int LinearSearchLimit = 8;

    private static readonly ConditionalWeakTable<IToolSet, ToolLookup> Cache = new();

    private readonly IReadOnlyList<ToolDescriptor> _source;
    private readonly ToolInvocationOptions _invocation;
    private readonly Dictionary<string, ToolDescriptor>? _byName;

    private ToolLookup(IToolSet toolSet, IReadOnlyList<ToolDescriptor> source, ToolInvocationOptions invocation)
    {
        _source = source;
        _invocation = invocation;
        Tools = [.. source];
        Functions = [.. toolSet.AsAIFunctions(invocation)];
        if (Tools.Length > LinearSearchLimit)
        {
            _byName = new Dictionary<string, ToolDescriptor>(Tools.Length, StringComparer.Ordinal);
            foreach (var tool in Tools)
            {
                // The first of two tools with one name wins, as in a search from the start.
                _byName.TryAdd(tool.Name, tool);
            }
        }
    }

    /// <summary>The set's tools, in its order.</summary>
    public ToolDescriptor[] Tools { get; }

    /// <summary>The tools as <see cref="AIFunction"/>s, as sent to the model.</summary>
    public AITool[] Functions { get; }

    /// <summary>The lookup for a tool set and invocation options, from the cache when still current.</summary>
    public static ToolLookup Of(IToolSet toolSet, ToolInvocationOptions invocation)
    {
        var source = toolSet.Tools;
        // Options compare by value: runs with strict schemas make equal copies of them per run.
        if (Cache.TryGetValue(toolSet, out var cached) && ReferenceEquals(cached._source, source) && cached._invocation.Equals(invocation))
        {
            return cached;
        }
        var lookup = new ToolLookup(toolSet, source, invocation);
        Cache.AddOrUpdate(toolSet, lookup);
        return lookup;
    }

    /// <summary>The tool with this name, or <see langword="null"/> when the set has none.</summary>
    public ToolDescriptor? Find(string name)
    {
        if (_byName is not null)
        {
            return _byName.GetValueOrDefault(name);
        }
        foreach (var tool in Tools)
        {
            if (string.Equals(tool.Name, name, StringComparison.Ordinal))
            {
                return tool;
            }
        }
        return null;
    }
}
