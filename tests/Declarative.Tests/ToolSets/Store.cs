using System.ComponentModel;

namespace Declarative.Tests.ToolSets;

/// <summary>The README's example: a string, an enum with a default and an optional nullable integer.</summary>
public partial class Store
{
    [Tool(ReadOnly = true, Description = "Gets the price of an item in a color.")]
    public decimal GetItemPrice(
        [Description("The item's id, such as SG-1.")] string itemId,
        [Description("The item's color.")] Color color = Color.Red,
        int? qty = null)
        => (itemId.Length + (int)color * 10m) * (qty ?? 1) + 0.25m;

    [Tool(Description = "Places an order and returns its receipt.")]
    public OrderReceipt PlaceOrder([Description("The order to place.")] Order order)
        => new(order.Id, order.Items.Sum(i => i.Quantity), order.Items.Sum(i => i.Quantity * i.UnitPrice), order.Priority, order.ShipTo?.City);

    [Tool("lookup-v2", Description = "A tool with an explicit name.")]
    public string Lookup(string query) => "found " + query;
}
