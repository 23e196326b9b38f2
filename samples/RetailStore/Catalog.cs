using System.ComponentModel;
using System.Text.Json.Serialization;

namespace RetailStore;

/// <summary>What kind of sunglasses an item is.</summary>
public enum Category
{
    [JsonStringEnumMemberName("classic")] Classic,
    [JsonStringEnumMemberName("sport")] Sport,
    [JsonStringEnumMemberName("fashion")] Fashion,
    [JsonStringEnumMemberName("kids")] Kids,
}

/// <summary>The outline of the frame.</summary>
public enum FrameShape
{
    [JsonStringEnumMemberName("round")] Round,
    [JsonStringEnumMemberName("aviator")] Aviator,
    [JsonStringEnumMemberName("cat-eye")] CatEye,
    [JsonStringEnumMemberName("wayfarer")] Wayfarer,
    [JsonStringEnumMemberName("rectangle")] Rectangle,
    [JsonStringEnumMemberName("shield")] Shield,
}

/// <summary>What the frame is made of.</summary>
public enum FrameMaterial
{
    [JsonStringEnumMemberName("metal")] Metal,
    [JsonStringEnumMemberName("gold")] Gold,
    [JsonStringEnumMemberName("acetate")] Acetate,
    [JsonStringEnumMemberName("titanium")] Titanium,
    [JsonStringEnumMemberName("nylon")] Nylon,
}

/// <summary>One product of the catalog, as the store keeps it.</summary>
public sealed record CatalogItem(
    string Id,
    string Name,
    string Description,
    Category Category,
    FrameShape Shape,
    FrameMaterial Material,
    string Color,
    decimal Price);

/// <summary>One line of a past order.</summary>
public sealed record OrderLine(
    [property: Description("The item bought.")] string ItemId,
    [property: Description("How many were bought.")] int Quantity,
    [property: Description("The price paid for one, in US dollars.")] decimal UnitPrice);

/// <summary>A past order.</summary>
public sealed record Order(
    [property: Description("The order number, like ORD-1001.")] string OrderId,
    [property: Description("The customer's email address.")] string CustomerEmail,
    [property: Description("The day the order was placed.")] DateOnly PlacedOn,
    [property: Description("What was bought.")] IReadOnlyList<OrderLine> Lines);

/// <summary>A return the store has accepted.</summary>
public sealed record ReturnRecord(string ReturnId, string OrderId, string ItemId, int Quantity, decimal Refund, string Reason, DateTimeOffset At);

/// <summary>
/// The store's data: an in-memory catalog, stock levels and order history. Thread-safe, because a
/// tool-calling loop may run read-only tools in parallel with each other.
/// </summary>
public sealed class Catalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CatalogItem> _items;
    private readonly Dictionary<string, int> _stock;
    private readonly Dictionary<string, Order> _orders;
    private readonly List<ReturnRecord> _returns = [];

    private Catalog(IEnumerable<(CatalogItem Item, int Stock)> items, IEnumerable<Order> orders)
    {
        _items = new(StringComparer.OrdinalIgnoreCase);
        _stock = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, stock) in items)
        {
            _items.Add(item.Id, item);
            _stock.Add(item.Id, stock);
        }
        _orders = orders.ToDictionary(o => o.OrderId, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every item, in catalog order.</summary>
    public IReadOnlyList<CatalogItem> Items => [.. _items.Values];

    /// <summary>The returns accepted so far.</summary>
    public IReadOnlyList<ReturnRecord> Returns
    {
        get
        {
            lock (_gate)
            {
                return [.. _returns];
            }
        }
    }

    public bool TryGetItem(string id, out CatalogItem item) => _items.TryGetValue(id, out item!);

    public bool TryGetOrder(string orderId, out Order order) => _orders.TryGetValue(orderId, out order!);

    /// <summary>A customer's orders, newest first.</summary>
    public IReadOnlyList<Order> OrdersOf(string customerEmail)
        => [.. _orders.Values.Where(o => Same(o.CustomerEmail, customerEmail)).OrderByDescending(o => o.PlacedOn)];

    public int StockOf(string itemId)
    {
        lock (_gate)
        {
            return _stock[itemId];
        }
    }

    /// <summary>How many of an item from an order have already been returned.</summary>
    public int ReturnedQuantity(string orderId, string itemId)
    {
        lock (_gate)
        {
            return _returns.Where(r => Same(r.OrderId, orderId) && Same(r.ItemId, itemId)).Sum(r => r.Quantity);
        }
    }

    /// <summary>Records a return and puts the items back on the shelf, atomically.</summary>
    /// <returns>The record and the stock level after restocking.</returns>
    public (ReturnRecord Record, int StockAfter) AcceptReturn(Order order, OrderLine line, int quantity, string reason)
    {
        lock (_gate)
        {
            var alreadyReturned = _returns.Where(r => Same(r.OrderId, order.OrderId) && Same(r.ItemId, line.ItemId)).Sum(r => r.Quantity);
            if (quantity > line.Quantity - alreadyReturned)
            {
                throw new InvalidOperationException(
                    $"order {order.OrderId} has only {line.Quantity - alreadyReturned} of {line.ItemId} left to return");
            }
            var record = new ReturnRecord(
                $"RET-{_returns.Count + 1:D4}", order.OrderId, line.ItemId, quantity,
                line.UnitPrice * quantity, reason, DateTimeOffset.UtcNow);
            _returns.Add(record);
            _stock[line.ItemId] += quantity;
            return (record, _stock[line.ItemId]);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The demo store: eight pairs of sunglasses and a few past orders (ana@example.com has three).</summary>
    public static Catalog CreateSample() => new(
        [
            (new("SG-001", "Riviera Round", "Small round lenses in a thin gold wire frame; a 1960s look that suits oval and square faces.",
                Category.Classic, FrameShape.Round, FrameMaterial.Gold, "gold", 129.00m), 14),
            (new("SG-002", "Top Flight Aviator", "The pilot's classic: teardrop lenses, a double bridge and a light metal frame.",
                Category.Classic, FrameShape.Aviator, FrameMaterial.Metal, "silver", 149.00m), 22),
            (new("SG-003", "Monroe Cat-Eye", "Swept-up corners in thick polished acetate; bold and retro.",
                Category.Fashion, FrameShape.CatEye, FrameMaterial.Acetate, "tortoiseshell", 119.00m), 6),
            (new("SG-004", "Summit Shield", "One wraparound lens on a flexible nylon frame with rubber grips, for cycling and running.",
                Category.Sport, FrameShape.Shield, FrameMaterial.Nylon, "matte black", 89.00m), 30),
            (new("SG-005", "Featherweight Titan", "Rimless-feel rectangle frame in titanium, 12 grams, hypoallergenic.",
                Category.Classic, FrameShape.Rectangle, FrameMaterial.Titanium, "gunmetal", 219.00m), 0),
            (new("SG-006", "Boardwalk Wayfarer", "Trapezoid acetate frame with polarized lenses; the everyday pair.",
                Category.Classic, FrameShape.Wayfarer, FrameMaterial.Acetate, "black", 99.00m), 41),
            (new("SG-007", "Golden Hour Aviator", "Gradient brown lenses in a gold-plated aviator frame.",
                Category.Fashion, FrameShape.Aviator, FrameMaterial.Gold, "gold", 179.00m), 3),
            (new("SG-008", "Little Explorer", "Bendable round frame for ages 3 to 7, with a strap and UV400 lenses.",
                Category.Kids, FrameShape.Round, FrameMaterial.Nylon, "sky blue", 39.00m), 18),
        ],
        [
            new("ORD-1001", "ana@example.com", new DateOnly(2025, 5, 3), [new("SG-002", 1, 149.00m), new("SG-008", 2, 39.00m)]),
            new("ORD-1002", "ben@example.com", new DateOnly(2025, 6, 17), [new("SG-003", 1, 119.00m)]),
            new("ORD-1003", "ana@example.com", new DateOnly(2025, 7, 9), [new("SG-005", 1, 209.00m), new("SG-006", 1, 99.00m)]),
            new("ORD-1004", "ana@example.com", new DateOnly(2025, 8, 22), [new("SG-007", 1, 179.00m), new("SG-002", 1, 149.00m)]),
        ]);
}
