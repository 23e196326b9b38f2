using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Declarative.Benchmarks;

// A realistic planning agent for PlanSchemaBenchmarks: a shop assistant with seven tools over nested
// records, lists, a dictionary, enums, optional and nullable parameters, dates and DataAnnotations
// constraints, so the plan schema and the reference checks have the shapes real agents give them.

public enum PlanShopCategory
{
    Sunglasses,
    Cases,
    Lenses,
}

public enum PlanShopLevel
{
    Standard,
    Silver,
    Gold,
}

public sealed record PlanShopItem(string Id, string Name, PlanShopCategory Category, decimal Price);

public sealed record PlanShopStock(string ItemId, int Available, bool InStock);

public sealed record PlanShopPrice(string ItemId, decimal Amount, string Currency);

public sealed record PlanShopAddress(string Street, string City, string Country);

public sealed class PlanShopCustomer
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    [EmailAddress]
    public required string Email { get; init; }

    public PlanShopAddress? Address { get; init; }

    public PlanShopLevel Level { get; init; }
}

public sealed record PlanShopOrderLine(string ItemId, int Quantity, decimal UnitPrice);

public sealed record PlanShopOrder(string OrderId, DateOnly PlacedOn, IReadOnlyList<PlanShopOrderLine> Lines);

public sealed class PlanShopQuoteLine
{
    public required string ItemId { get; init; }

    [Range(1, 100)]
    public required int Quantity { get; init; }
}

public sealed record PlanShopQuote(string QuoteId, string CustomerId, IReadOnlyList<PlanShopQuoteLine> Lines, decimal Total);

public sealed record PlanShopReceipt(string MessageId, DateTimeOffset SentAt);

public sealed partial class PlanShopTools
{
    [Tool(ReadOnly = true, Description = "Searches the catalogue.")]
    public IReadOnlyList<PlanShopItem> SearchItems(
        [Description("Words to look for in names and descriptions.")] string? query = null,
        [Description("Only items of this category.")] PlanShopCategory? category = null,
        [Description("Most items to return.")][Range(1, 50)] int limit = 10)
        => [new("SG-001", "Round", category ?? PlanShopCategory.Sunglasses, 120m), new("SG-002", "Aviator", PlanShopCategory.Sunglasses, 140m)];

    [Tool(ReadOnly = true, Description = "Checks how many units of items are in stock.")]
    public IReadOnlyList<PlanShopStock> CheckInventory([Description("The items' ids.")] IReadOnlyList<string> itemIds)
        => [.. itemIds.Select(id => new PlanShopStock(id, 3, true))];

    [Tool(ReadOnly = true, Description = "Gets the current prices of items.")]
    public IReadOnlyList<PlanShopPrice> GetPrices(
        [Description("The items' ids.")] IReadOnlyList<string> itemIds,
        [Description("ISO 4217 code.")][RegularExpression("[A-Z]{3}")] string currency = "USD")
        => [.. itemIds.Select(id => new PlanShopPrice(id, 120m, currency))];

    [Tool(ReadOnly = true, Description = "Finds a customer by e-mail address.")]
    public PlanShopCustomer FindCustomer([Description("The customer's e-mail address.")][EmailAddress] string email)
        => new() { Id = "C-1", Name = "Ana", Email = email, Level = PlanShopLevel.Gold };

    [Tool(ReadOnly = true, Description = "Lists a customer's orders, newest first.")]
    public IReadOnlyList<PlanShopOrder> FindOrders([Description("The customer's id.")] string customerId, [Description("Only orders placed on or after this day.")] DateOnly? since = null)
        => [new("ORD-1001", new DateOnly(2026, 11, 2), [new("SG-001", 1, 120m)])];

    [Tool(Description = "Creates a price quote for a customer.")]
    public PlanShopQuote CreateQuote(
        [Description("The customer's id.")] string customerId,
        [Description("What to quote.")][MinLength(1)] IReadOnlyList<PlanShopQuoteLine> lines,
        [Description("Notes to print on the quote, by heading.")] Dictionary<string, string>? notes = null)
        => new("Q-1", customerId, lines, lines.Sum(l => l.Quantity * 120m));

    [Tool(RequiresApproval = true, Description = "Sends an e-mail to a customer.")]
    public PlanShopReceipt SendEmail(
        [Description("The recipient.")][EmailAddress] string to,
        [Description("The subject line.")][MaxLength(200)] string subject,
        [Description("The message, plain text.")] string body)
        => new("M-1", new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
}

/// <summary>The planning agent of <see cref="PlanSchemaBenchmarks"/>: its own tool, plus the shop's seven.</summary>
[Agent("You are a shop assistant. Plan the steps, then answer.")]
public sealed partial class PlanShopAgent([UseTools] PlanShopTools shop)
{
    [Tool(ReadOnly = true, Description = "Today's date in the shop's time zone.")]
    public DateOnly Today() => new(2026, 12, 3);
}
