using System.Text.Json;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation.Tests;

public sealed record OrderLine(string Sku, int Quantity);

public sealed record QuoteRequest(string Customer, List<OrderLine> Lines);

public sealed record Quote(decimal Total, string Currency);

/// <summary>A small shop: one read-only tool and one with side effects.</summary>
public sealed partial class Shop
{
    /// <summary>Looks up an item's unit price in EUR.</summary>
    /// <param name="sku">The item's id.</param>
    [Tool(ReadOnly = true)]
    public decimal GetPrice(string sku) => sku switch
    {
        "A-1" => 2.50m,
        "B-2" => 10m,
        _ => throw new KeyNotFoundException($"no item {sku}"),
    };

    /// <summary>Places an order.</summary>
    /// <param name="sku">The item's id.</param>
    /// <param name="quantity">How many.</param>
    [Tool]
    public string PlaceOrder(string sku, int quantity) => $"ordered {quantity} × {sku}";
}

/// <summary>Quotes an order: typed input, typed answer, generated readers.</summary>
[Agent("You quote orders from the shop's prices.", InputType = typeof(QuoteRequest), OutputType = typeof(Quote), Model = "m")]
public sealed partial class QuoteAgent([UseTools] Shop shop);

/// <summary>Answers in text.</summary>
[Agent("You answer questions about the shop.", Model = "m")]
public sealed partial class HelpAgent([UseTools] Shop shop);

internal static class Scripts
{
    /// <summary>A quote run: one price lookup per line, then the answer.</summary>
    public static ScriptedChatClient Quote(decimal total, params string[] skus)
    {
        var client = new ScriptedChatClient();
        foreach (var sku in skus)
        {
            client.ThenToolCalls(("get_price", new { sku })).WithUsage(100, 10);
        }
        return client.ThenJson(new { total, currency = "EUR" }).WithUsage(120, 20);
    }

    public static readonly PriceTable Prices = new PriceTable().Add("m", new ModelPrice(1m, 2m));

    public static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));
}
