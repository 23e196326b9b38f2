using System.ComponentModel.DataAnnotations;
using Declarative;

namespace RetailStore;

/// <summary>An item as a shopper sees it.</summary>
/// <param name="ItemId">The item's id, like SG-001.</param>
/// <param name="Name">The product name.</param>
/// <param name="Description">What the item looks like and who it suits.</param>
/// <param name="Category">The kind of sunglasses.</param>
/// <param name="Shape">The frame's outline.</param>
/// <param name="Material">What the frame is made of.</param>
/// <param name="Color">The frame's color.</param>
public sealed record ItemDescription(
    string ItemId, string Name, string Description, Category Category, FrameShape Shape, FrameMaterial Material, string Color);

/// <summary>How many of an item are on the shelf.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Quantity">Units in stock right now.</param>
/// <param name="InStock">Whether at least one unit can ship today.</param>
public sealed record StockLevel(string ItemId, int Quantity, bool InStock);

/// <summary>The current price of an item.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Amount">The price of one unit.</param>
/// <param name="Currency">ISO 4217 currency code.</param>
public sealed record Price(string ItemId, decimal Amount, string Currency);

/// <summary>Confirmation that a return was recorded and the items restocked.</summary>
/// <param name="ReturnId">The return's reference, for the customer.</param>
/// <param name="OrderId">The order the items came from.</param>
/// <param name="ItemId">The item returned.</param>
/// <param name="Quantity">How many units came back.</param>
/// <param name="Refund">The amount refunded to the original payment method.</param>
/// <param name="StockAfterReturn">Units in stock once the returned ones are back on the shelf.</param>
public sealed record ReturnReceipt(string ReturnId, string OrderId, string ItemId, int Quantity, decimal Refund, int StockAfterReturn);

/// <summary>One line of a customer's past order, with what the item is.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Name">The product name.</param>
/// <param name="Material">What the frame is made of.</param>
/// <param name="Color">The frame's color.</param>
/// <param name="Quantity">How many were bought.</param>
/// <param name="UnitPrice">The price paid for one, in US dollars.</param>
/// <param name="Returnable">How many can still be returned.</param>
public sealed record OrderedItem(string ItemId, string Name, FrameMaterial Material, string Color, int Quantity, decimal UnitPrice, int Returnable);

/// <summary>A customer's past order.</summary>
/// <param name="OrderId">The order number.</param>
/// <param name="PlacedOn">The day it was placed.</param>
/// <param name="Items">What was bought.</param>
public sealed record OrderSummary(string OrderId, DateOnly PlacedOn, IReadOnlyList<OrderedItem> Items);

/// <summary>
/// The tools a customer-service agent of a sunglasses shop may call. Each <c>[Tool]</c> method is
/// turned, at compile time, into a tool with a JSON schema, an argument reader and a dispatch entry;
/// the generated half of this partial class implements <see cref="IToolSet"/>.
/// </summary>
public sealed partial class Store(Catalog catalog)
{
    /// <summary>
    /// Searches the catalog and describes the matching sunglasses. All filters are optional and combine;
    /// with none, the first items of the catalog are returned.
    /// </summary>
    /// <param name="query">Free text matched against the name, description and color, e.g. "polarized" or "gold".</param>
    /// <param name="category">Only items of this category.</param>
    /// <param name="shape">Only frames of this shape.</param>
    /// <param name="material">Only frames of this material.</param>
    /// <param name="limit">The most items to return.</param>
    /// <returns>The matching items, best matches first.</returns>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<ItemDescription> GetItemDescriptions(
        string? query = null,
        Category? category = null,
        FrameShape? shape = null,
        FrameMaterial? material = null,
        [Range(1, 20)] int limit = 5)
    {
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return catalog.Items
            .Where(i => category is null || i.Category == category)
            .Where(i => shape is null || i.Shape == shape)
            .Where(i => material is null || i.Material == material)
            .Select(i => (Item: i, Score: words.Count(w => Matches(i, w))))
            .Where(x => words.Length == 0 || x.Score > 0)
            .OrderByDescending(x => x.Score)
            .Take(limit)
            .Select(x => new ItemDescription(x.Item.Id, x.Item.Name, x.Item.Description, x.Item.Category, x.Item.Shape, x.Item.Material, x.Item.Color))
            .ToList();

        static bool Matches(CatalogItem item, string word) =>
            item.Name.Contains(word, StringComparison.OrdinalIgnoreCase)
            || item.Description.Contains(word, StringComparison.OrdinalIgnoreCase)
            || item.Color.Contains(word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Checks how many units of each item are in stock.</summary>
    /// <param name="itemIds">The ids of the items to check, e.g. ["SG-001", "SG-005"].</param>
    /// <returns>One stock level per requested item, in the order asked.</returns>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<StockLevel> CheckInventory(IReadOnlyList<string> itemIds)
        => [.. itemIds.Select(id => Find(id)).Select(item => new StockLevel(item.Id, catalog.StockOf(item.Id), catalog.StockOf(item.Id) > 0))];

    /// <summary>Gets the current price of items.</summary>
    /// <param name="itemIds">The ids of the items to price, e.g. ["SG-002"].</param>
    /// <returns>One price per requested item, in the order asked.</returns>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<Price> GetItemPrice(IReadOnlyList<string> itemIds)
        => [.. itemIds.Select(id => Find(id)).Select(item => new Price(item.Id, item.Price, "USD"))];

    /// <summary>Looks up a past order: who placed it, when, and what it contained.</summary>
    /// <param name="orderId">The order number, like ORD-1001.</param>
    /// <returns>The order.</returns>
    [Tool(ReadOnly = true)]
    public Order GetOrder([RegularExpression(@"ORD-\d{4}")] string orderId)
        => catalog.TryGetOrder(orderId, out var order) ? order : throw new KeyNotFoundException($"no order '{orderId}'");

    /// <summary>Lists a customer's past orders, newest first, with what each item is and how many can still be returned.</summary>
    /// <param name="customerEmail">The customer's email address.</param>
    /// <returns>The customer's orders; empty when there are none.</returns>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<OrderSummary> FindOrders([EmailAddress] string customerEmail)
        => [.. catalog.OrdersOf(customerEmail).Select(order => new OrderSummary(order.OrderId, order.PlacedOn, [.. order.Lines.Select(line =>
        {
            var item = Find(line.ItemId);
            return new OrderedItem(item.Id, item.Name, item.Material, item.Color, line.Quantity, line.UnitPrice,
                line.Quantity - catalog.ReturnedQuantity(order.OrderId, line.ItemId));
        })]))];

    /// <summary>
    /// Accepts a return of items from a past order: records it, refunds the price paid and puts the
    /// items back in stock. Needs a person's approval, because it moves money.
    /// </summary>
    /// <param name="orderId">The order the items came from, like ORD-1001.</param>
    /// <param name="itemId">The item being returned.</param>
    /// <param name="quantity">How many units are coming back.</param>
    /// <param name="reason">Why the customer is returning it, in their words.</param>
    /// <returns>The return's receipt with the refund and the new stock level.</returns>
    [Tool(RequiresApproval = true)]
    public ReturnReceipt ProcessReturn(
        [RegularExpression(@"ORD-\d{4}")] string orderId,
        string itemId,
        [Range(1, 10)] int quantity,
        [StringLength(500, MinimumLength = 3)] string reason)
    {
        if (!catalog.TryGetOrder(orderId, out var order))
        {
            throw new KeyNotFoundException($"no order '{orderId}'");
        }
        var line = order.Lines.FirstOrDefault(l => string.Equals(l.ItemId, itemId, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"order {order.OrderId} does not contain {itemId}");
        var (record, stockAfter) = catalog.AcceptReturn(order, line, quantity, reason);
        return new ReturnReceipt(record.ReturnId, record.OrderId, record.ItemId, record.Quantity, record.Refund, stockAfter);
    }

    private CatalogItem Find(string id)
        => catalog.TryGetItem(id, out var item) ? item : throw new KeyNotFoundException($"no item '{id}' in the catalog");
}
