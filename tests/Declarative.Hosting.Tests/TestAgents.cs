using Declarative;

namespace Declarative.Hosting.Tests;

/// <summary>A service the tools depend on, so tests can see that the container supplied it.</summary>
public sealed class Ledger
{
    private int _refunds;

    public int Refunds => _refunds;

    public void Refund() => Interlocked.Increment(ref _refunds);
}

/// <summary>Shop tools whose constructor dependency comes from the container.</summary>
public sealed partial class ShopTools(Ledger ledger)
{
    /// <summary>Finds an item.</summary>
    /// <param name="sku">The item's code.</param>
    [Tool(ReadOnly = true)]
    public string Lookup(string sku) => "item " + sku + " costs 12";

    /// <summary>Refunds an item.</summary>
    /// <param name="sku">The item's code.</param>
    [Tool(RequiresApproval = true)]
    public string Refund(string sku)
    {
        ledger.Refund();
        return "refunded " + sku;
    }
}

[Agent("You help shoppers.", Model = "small", Description = "A test shop agent.")]
public sealed partial class ShopAgent([UseTools] ShopTools tools);

/// <summary>A typed answer.</summary>
/// <param name="Price">The price found.</param>
/// <param name="Sku">The item.</param>
public sealed record Quote(decimal Price, string Sku);

[Agent("Quote a price as JSON.", Model = "small", OutputType = typeof(Quote), Description = "A typed test agent.")]
public sealed partial class QuoteAgent([UseTools] ShopTools tools);
