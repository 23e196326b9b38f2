namespace Declarative.Orchestration;

/// <summary>How a hand-off composition runs (<see cref="HandOffAttribute"/> in code; this at run time).</summary>
public sealed record HandOffOptions
{
    /// <summary>The defaults: no limit on transfers (allowed only when the graph has no cycle).</summary>
    public static HandOffOptions Default { get; } = new();

    /// <summary>The most transfers in one run; 0 means no limit, which a graph with a cycle may not have.</summary>
    public int MaxHandOffs { get; init; }
}
