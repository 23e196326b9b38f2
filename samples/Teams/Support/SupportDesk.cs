using Declarative;

namespace TeamsSample.Support;

/// <summary>A customer's question about an order, as triage hands it to the orders agent.</summary>
/// <param name="CustomerEmail">The customer's e-mail address.</param>
/// <param name="Question">What they want to know.</param>
public sealed record OrderQuestion(string CustomerEmail, string Question);

/// <summary>A return request, as triage (or the orders agent) hands it to the returns agent.</summary>
/// <param name="CustomerEmail">The customer's e-mail address.</param>
/// <param name="ItemDescription">The item as the customer describes it.</param>
/// <param name="Reason">Why they return it.</param>
public sealed record ReturnRequest(string CustomerEmail, string ItemDescription, string Reason);

/// <summary>The answer the customer gets, whoever wrote it.</summary>
/// <param name="Message">The reply.</param>
/// <param name="OrderId">The order it is about, when there is one.</param>
/// <param name="ReturnId">The return opened, when one was.</param>
public sealed record CustomerReply(string Message, string? OrderId, string? ReturnId);

/// <summary>An order line.</summary>
/// <param name="ItemId">The catalog id.</param>
/// <param name="Name">The item's name.</param>
/// <param name="Quantity">How many.</param>
public sealed record OrderLine(string ItemId, string Name, int Quantity);

/// <summary>An order.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="Status">placed, shipped or delivered.</param>
/// <param name="Lines">What was ordered.</param>
/// <param name="DeliveredOn">When it was delivered, if it was.</param>
public sealed record Order(string OrderId, string Status, IReadOnlyList<OrderLine> Lines, DateOnly? DeliveredOn);

/// <summary>A return that was opened.</summary>
/// <param name="ReturnId">The return's id.</param>
/// <param name="OrderId">The order.</param>
/// <param name="ItemId">The item.</param>
/// <param name="Label">Where to print the prepaid label.</param>
public sealed record ReturnLabel(string ReturnId, string OrderId, string ItemId, string Label);

/// <summary>The shop's orders and returns: the state the agents read and change.</summary>
public sealed class OrderBook
{
    private readonly Dictionary<string, List<Order>> _orders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ana@example.com"] =
        [
            new("ORD-1001", "delivered", [new("SG-002", "Metro Square (black metal)", 1)], new DateOnly(2026, 11, 2)),
            new("ORD-1004", "delivered", [new("SG-007", "Coast Aviator (gold frame)", 1), new("SG-009", "Pebble Kids Round", 1)], new DateOnly(2026, 11, 20)),
        ],
        ["ben@example.com"] = [new("ORD-1007", "shipped", [new("SG-001", "Harbour Round", 2)], null)],
    };

    private readonly List<ReturnLabel> _returns = [];

    /// <summary>The returns opened so far.</summary>
    public IReadOnlyList<ReturnLabel> Returns => _returns;

    internal IReadOnlyList<Order> OrdersOf(string email) => _orders.GetValueOrDefault(email) ?? [];

    internal ReturnLabel OpenReturn(string orderId, string itemId)
    {
        var order = _orders.Values.SelectMany(o => o).FirstOrDefault(o => o.OrderId == orderId)
            ?? throw new ArgumentException($"there is no order '{orderId}'");
        if (order.Lines.All(l => l.ItemId != itemId))
        {
            throw new ArgumentException($"order {orderId} has no item '{itemId}'; it has {string.Join(", ", order.Lines.Select(l => l.ItemId))}");
        }
        if (order.Status != "delivered")
        {
            throw new ArgumentException($"order {orderId} is {order.Status}, not delivered: it cannot be returned yet");
        }
        var label = new ReturnLabel($"RET-{_returns.Count + 1:000}", orderId, itemId, $"https://sunnyframes.example/returns/RET-{_returns.Count + 1:000}.pdf");
        _returns.Add(label);
        return label;
    }
}

/// <summary>The orders agent's tools: looking orders up, read-only.</summary>
public sealed partial class OrderTools(OrderBook book)
{
    /// <summary>The customer's orders, newest first.</summary>
    /// <param name="customerEmail">The customer's e-mail address.</param>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<Order> FindOrders(string customerEmail) => [.. book.OrdersOf(customerEmail).Reverse()];
}

/// <summary>The returns agent's tools: the policy and opening a return (which changes the order book).</summary>
public sealed partial class ReturnTools(OrderBook book)
{
    /// <summary>The customer's orders, to find the item being returned.</summary>
    /// <param name="customerEmail">The customer's e-mail address.</param>
    [Tool(ReadOnly = true)]
    public IReadOnlyList<Order> FindOrders(string customerEmail) => [.. book.OrdersOf(customerEmail).Reverse()];

    /// <summary>Opens a return for one delivered item and gives the prepaid label.</summary>
    /// <param name="orderId">The order (ORD-...).</param>
    /// <param name="itemId">The item (SG-...).</param>
    [Tool]
    public ReturnLabel OpenReturn(string orderId, string itemId) => book.OpenReturn(orderId, itemId);
}

/// <summary>Reads the customer's message and passes it to the right desk; it has no tools of its own.</summary>
[Agent("""
    You are the first contact of a sunglasses shop's customer service. Do not answer questions yourself: pass a
    question about an order to the orders desk, and a return to the returns desk, with the customer's e-mail address.
    """, Model = "triage", Description = "Routes a customer's message to the orders desk or the returns desk.")]
public sealed partial class TriageAgent;

/// <summary>Answers questions about orders; it can look orders up, not open returns.</summary>
[Agent("""
    You answer customers' questions about their orders. Look the orders up; if the customer wants to return something,
    pass them to the returns desk. Answer with JSON.
    """, Model = "orders", Description = "Answers questions about a customer's orders.",
    InputType = typeof(OrderQuestion), OutputType = typeof(CustomerReply))]
public sealed partial class OrdersAgent([UseTools] OrderTools tools);

/// <summary>Opens returns; it can look orders up and open a return.</summary>
[Agent("""
    You handle returns of delivered items within 30 days. Find the order holding the item the customer describes, open
    the return for that one item, and answer with JSON holding the return's id and where to print the label.
    """, Model = "returns", Description = "Opens returns of delivered items.",
    InputType = typeof(ReturnRequest), OutputType = typeof(CustomerReply))]
public sealed partial class ReturnsAgent([UseTools] ReturnTools tools);

/// <summary>
/// The desk: triage takes every message and hands it on; the orders desk may pass a return to the returns desk.
/// Only the two desks answer with a <see cref="CustomerReply"/>, so only they can finish; the generator checks that
/// every agent triage can reach has a way to finish, and that the graph has no cycle without a limit.
/// </summary>
[HandOff(OutputType = typeof(CustomerReply), MaxHandOffs = 3, Description = "Triage, then the orders or the returns desk.")]
public sealed partial class CustomerService(
    [UseAgent(HandOffTo = ["OrdersAgent", "ReturnsAgent"])] TriageAgent triage,
    [UseAgent(HandOffTo = ["ReturnsAgent"])] OrdersAgent orders,
    [UseAgent] ReturnsAgent returns);
