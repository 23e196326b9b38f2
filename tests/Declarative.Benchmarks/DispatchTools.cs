using System.ComponentModel;

namespace Declarative.Benchmarks;

// The three typical tools the dispatch benchmarks call: a lookup with a string, an enum and an
// optional parameter; an order with a nested object, a list and a dictionary; and a calculation
// with seven numeric parameters.

public enum DispatchColor
{
    Red,
    Green,
    Blue,
}

public sealed record DispatchCustomer(string Name, [property: Description("E-mail address.")] string Email, DispatchAddress Address);

public sealed record DispatchAddress(string Street, string City, string Country);

public sealed record DispatchLine(string Sku, int Quantity, decimal UnitPrice);

public sealed class DispatchOrder
{
    public required DispatchCustomer Customer { get; init; }

    public required List<DispatchLine> Lines { get; init; }

    public Dictionary<string, string> Tags { get; init; } = [];
}

public sealed record DispatchReceipt(string Customer, int Lines, int Units, decimal Total, int Tags);

public sealed partial class DispatchTools
{
    [Tool(ReadOnly = true, Description = "Gets the price of an item in a color.")]
    public decimal GetItemPrice([Description("The item's id.")] string itemId, DispatchColor color = DispatchColor.Red, int? quantity = null)
        => (itemId.Length + (int)color) * (quantity ?? 1) * 1.25m;

    [Tool(Description = "Places an order.")]
    public DispatchReceipt PlaceOrder(DispatchOrder order)
    {
        int units = 0;
        decimal total = 0;
        foreach (var line in order.Lines)
        {
            units += line.Quantity;
            total += line.Quantity * line.UnitPrice;
        }
        return new DispatchReceipt(order.Customer.Name, order.Lines.Count, units, total, order.Tags.Count);
    }

    [Tool(ReadOnly = true, Description = "Combines seven numbers.")]
    public double Combine(int a, long b, double c, float d, decimal e, short f, byte g)
        => a + b + c + d + (double)e + f + g;
}
