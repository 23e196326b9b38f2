namespace Declarative.Benchmarks;

// The collection tools of the dispatch benchmarks (cases d–g): what a model most often sends in
// bulk — line items as a list of small records (a positional record and a class with init
// properties), a dictionary of counts, and a list of names.

/// <summary>A line item as a positional record.</summary>
public sealed record DispatchItem(string Id, int Quantity, decimal Price);

/// <summary>The same line item as a class with <c>init</c> properties.</summary>
public sealed class DispatchRow
{
    /// <summary>The item's id.</summary>
    public required string Id { get; init; }

    /// <summary>How many.</summary>
    public required int Quantity { get; init; }

    /// <summary>The unit price.</summary>
    public required decimal Price { get; init; }
}

/// <summary>What the collection tools return.</summary>
public sealed record DispatchSummary(int Count, int Units, decimal Total);

public sealed partial class DispatchCollectionTools
{
    [Tool(Description = "Sums line items.")]
    public DispatchSummary SumItems(List<DispatchItem> items)
    {
        int units = 0;
        decimal total = 0;
        foreach (var item in items)
        {
            units += item.Quantity;
            total += item.Quantity * item.Price;
        }
        return new DispatchSummary(items.Count, units, total);
    }

    [Tool(Description = "Sums rows.")]
    public DispatchSummary SumRows(List<DispatchRow> rows)
    {
        int units = 0;
        decimal total = 0;
        foreach (var row in rows)
        {
            units += row.Quantity;
            total += row.Quantity * row.Price;
        }
        return new DispatchSummary(rows.Count, units, total);
    }

    [Tool(Description = "Sums counts by key.")]
    public DispatchSummary SumCounts(Dictionary<string, int> counts)
    {
        int units = 0;
        foreach (var pair in counts)
        {
            units += pair.Value;
        }
        return new DispatchSummary(counts.Count, units, 0);
    }

    [Tool(Description = "Measures names.")]
    public DispatchSummary MeasureNames(List<string> names)
    {
        int length = 0;
        foreach (var name in names)
        {
            length += name.Length;
        }
        return new DispatchSummary(names.Count, length, 0);
    }
}
