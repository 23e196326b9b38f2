using System.ComponentModel.DataAnnotations;
using Declarative;

namespace RetailStore;

/// <summary>The stock of one item in one warehouse, as that warehouse's system reports it.</summary>
/// <param name="WarehouseId">The warehouse, like WH-BER.</param>
/// <param name="ItemId">The item's id.</param>
/// <param name="Quantity">Units on the shelf there.</param>
/// <param name="ShippingDays">Days for a parcel from there to reach the customer.</param>
public sealed record WarehouseStock(string WarehouseId, string ItemId, int Quantity, int ShippingDays);

/// <summary>Units to take from one warehouse.</summary>
/// <param name="WarehouseId">The warehouse.</param>
/// <param name="Quantity">Units to take from it.</param>
/// <param name="ShippingDays">Days for its parcel to arrive.</param>
public sealed record Pick(string WarehouseId, int Quantity, int ShippingDays);

/// <summary>A proposal for filling an order from several warehouses; nothing is reserved.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Requested">Units asked for.</param>
/// <param name="Allocated">Units the proposal covers (less than requested when stock is short).</param>
/// <param name="ArrivesInDays">Days until the last parcel arrives (0 when nothing is allocated).</param>
/// <param name="Picks">Where the units come from, fastest first.</param>
public sealed record AllocationProposal(string ItemId, int Requested, int Allocated, int ArrivesInDays, IReadOnlyList<Pick> Picks);

/// <summary>
/// The shop's warehouses, each behind its own (simulated) remote stock service: every lookup waits
/// <see cref="Latency"/>, as a call over the network would. The lookups are read-only and independent,
/// so a plan may run them all at once.
/// </summary>
public sealed partial class Warehouses(TimeSpan latency)
{
    private static readonly Dictionary<string, (int ShippingDays, Dictionary<string, int> Stock)> Sites = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WH-BER"] = (2, new() { ["SG-001"] = 4, ["SG-008"] = 9 }),
        ["WH-MAD"] = (3, new() { ["SG-001"] = 0, ["SG-008"] = 2 }),
        ["WH-MIL"] = (2, new() { ["SG-001"] = 7, ["SG-008"] = 0 }),
        ["WH-PAR"] = (1, new() { ["SG-001"] = 2, ["SG-008"] = 5 }),
        ["WH-WAW"] = (4, new() { ["SG-001"] = 11, ["SG-008"] = 1 }),
        ["WH-DUB"] = (3, new() { ["SG-001"] = 1, ["SG-008"] = 0 }),
        ["WH-LIS"] = (5, new() { ["SG-001"] = 6, ["SG-008"] = 3 }),
        ["WH-STO"] = (4, new() { ["SG-001"] = 0, ["SG-008"] = 7 }),
    };

    /// <summary>The warehouses' ids.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. Sites.Keys];

    /// <summary>How long each stock lookup takes.</summary>
    public TimeSpan Latency { get; } = latency;

    /// <summary>Asks one warehouse's stock service how many units of an item it has.</summary>
    /// <param name="warehouseId">The warehouse, like WH-BER.</param>
    /// <param name="itemId">The item, like SG-001.</param>
    /// <param name="cancellationToken">Cancels the remote call.</param>
    /// <returns>The warehouse's stock of the item and its shipping time.</returns>
    [Tool(ReadOnly = true)]
    public async Task<WarehouseStock> GetWarehouseStock([RegularExpression(@"WH-[A-Z]{3}")] string warehouseId, string itemId,
                                                        CancellationToken cancellationToken)
    {
        await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
        if (!Sites.TryGetValue(warehouseId, out var site))
        {
            throw new KeyNotFoundException($"no warehouse '{warehouseId}'; warehouses: {string.Join(", ", Ids)}");
        }
        return new WarehouseStock(warehouseId, itemId, site.Stock.GetValueOrDefault(itemId), site.ShippingDays);
    }

    /// <summary>
    /// Proposes where to take an order's units from: the fastest warehouses first, as few parcels as that
    /// allows. Only computes; nothing is reserved.
    /// </summary>
    /// <param name="itemId">The item ordered.</param>
    /// <param name="quantity">How many units are wanted.</param>
    /// <param name="levels">The stock of the item in each warehouse to consider.</param>
    /// <returns>The proposal.</returns>
    [Tool(ReadOnly = true)]
    public AllocationProposal ProposeAllocation(string itemId, [Range(1, 1000)] int quantity, IReadOnlyList<WarehouseStock> levels)
    {
        var picks = new List<Pick>();
        var left = quantity;
        foreach (var level in levels.Where(l => l.Quantity > 0 && string.Equals(l.ItemId, itemId, StringComparison.OrdinalIgnoreCase))
                                    .OrderBy(l => l.ShippingDays).ThenByDescending(l => l.Quantity).ThenBy(l => l.WarehouseId, StringComparer.Ordinal))
        {
            if (left == 0)
            {
                break;
            }
            var take = Math.Min(left, level.Quantity);
            picks.Add(new Pick(level.WarehouseId, take, level.ShippingDays));
            left -= take;
        }
        return new AllocationProposal(itemId, quantity, quantity - left, picks.Count == 0 ? 0 : picks.Max(p => p.ShippingDays), picks);
    }
}
