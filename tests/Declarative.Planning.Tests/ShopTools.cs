using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Declarative.Planning.Tests;

public sealed record Item(string Id, string Name, string Description);

public sealed record Stock(string ItemId, int Quantity);

public sealed record Price(string ItemId, decimal Amount);

public sealed record Address(string City, string? Street);

public sealed record Customer(string Name, string Email, Address? Address, long Points, List<string> Tags);

public sealed record Category(string Name, List<Category> Children);

public sealed record Account(string Id, long Points);

public sealed record Summary(int Count, List<int> Numbers, Dictionary<string, int> ByName);

public sealed record Notice(string To, string Text);

public enum Size
{
    Small,
    Large,
}

/// <summary>
/// The tools plans are tested against: a small shop. Every call is logged, so tests can assert
/// that nothing ran when a plan was refused.
/// </summary>
public partial class ShopTools
{
    private int _flakyFailures;

    /// <summary>Every call, in the order started: "tool(args)".</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>How many times flaky must fail before it succeeds.</summary>
    public int FlakyFailuresToGo { get => _flakyFailures; set => _flakyFailures = value; }

    /// <summary>Delay of every read-only lookup, in ms (0 for none).</summary>
    public int LookupDelayMs { get; set; }

    [Tool(ReadOnly = true, Description = "Finds the items of a category, optionally filtered by a word.")]
    public async Task<List<Item>> GetItemDescriptions(string category, string? filter = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"get_item_descriptions({category},{filter})");
        await Delay(cancellationToken);
        var items = new List<Item>
        {
            new("SG-1", "Aviator", "metal frame"),
            new("SG-2", "Round", "round tortoise frame"),
            new("SG-3", "Classic round", "round black frame"),
        };
        return filter is null ? items : items.Where(i => i.Description.Contains(filter, StringComparison.OrdinalIgnoreCase) || i.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    [Tool(ReadOnly = true, Description = "Units in stock per item.")]
    public async Task<List<Stock>> CheckInventory(List<string> itemIds, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"check_inventory({string.Join(",", itemIds)})");
        await Delay(cancellationToken);
        return itemIds.Select(id => new Stock(id, id == "SG-2" ? 0 : 4)).Where(s => s.Quantity > 0).ToList();
    }

    [Tool(ReadOnly = true, Description = "Prices per item.")]
    public List<Price> GetItemPrice(List<string> itemIds)
    {
        Calls.Enqueue($"get_item_price({string.Join(",", itemIds)})");
        return itemIds.Select(id => new Price(id, id.Length * 10m)).ToList();
    }

    [Tool(ReadOnly = true, Description = "Adds integers.")]
    public int Sum(List<int> numbers)
    {
        Calls.Enqueue($"sum({string.Join(",", numbers)})");
        return numbers.Sum();
    }

    [Tool(ReadOnly = true, Description = "A customer by id; null when unknown.")]
    public Customer? GetCustomer(string id)
    {
        Calls.Enqueue($"get_customer({id})");
        return id == "nobody" ? null : new Customer("Ada", "ada@example.com", new Address("Paris", null), 12, ["vip", "eu"]);
    }

    [Tool(ReadOnly = true, Description = "A loyalty account (never null).")]
    public Account GetAccount(string id)
    {
        Calls.Enqueue($"get_account({id})");
        return new Account(id, 5_000_000_000);
    }

    [Tool(ReadOnly = true, Description = "The category tree.")]
    public Category Taxonomy()
    {
        Calls.Enqueue("taxonomy()");
        return new Category("all", [new Category("eyewear", [new Category("sunglasses", [])]), new Category("bags", [])]);
    }

    [Tool(ReadOnly = true, Description = "Counts the nodes of a category tree.")]
    public int CountNodes(Category root)
    {
        Calls.Enqueue("count_nodes()");
        return 1 + root.Children.Sum(CountNodes);
    }

    [Tool(ReadOnly = true, Description = "Numbers about a list of words.")]
    public Summary Summarize(List<string> words)
    {
        Calls.Enqueue($"summarize({string.Join(",", words)})");
        return new Summary(words.Count, words.Select(w => w.Length).ToList(), words.Distinct().ToDictionary(w => w, w => w.Length));
    }

    [Tool(Description = "Sends a notice to an email address.")]
    public string Notify([EmailAddress] string to, [MaxLength(200)] string text, Size size = Size.Small)
    {
        Calls.Enqueue($"notify({to},{text},{size})");
        return "sent to " + to;
    }

    [Tool(Description = "Points a customer may spend (an int).")]
    public string Spend(int points, string reason)
    {
        Calls.Enqueue($"spend({points},{reason})");
        return "spent " + points;
    }

    [Tool(RequiresApproval = true, Description = "Records a return and refunds it.")]
    public string RecordReturn(string itemId, int quantity)
    {
        Calls.Enqueue($"record_return({itemId},{quantity})");
        return "return of " + quantity + " x " + itemId;
    }

    [Tool(Description = "Writes a line to the log (returns nothing).")]
    public void Log(string line) => Calls.Enqueue($"log({line})");

    [Tool(Description = "Always throws (a side effect that fails).")]
    public int Explode(string why)
    {
        Calls.Enqueue($"explode({why})");
        throw new InvalidOperationException("boom: " + why);
    }

    [Tool(ReadOnly = true, Description = "Fails until FlakyFailuresToGo reaches zero.")]
    public int Flaky(int value)
    {
        Calls.Enqueue($"flaky({value})");
        if (Interlocked.Decrement(ref _flakyFailures) >= 0)
        {
            throw new TimeoutException("upstream busy");
        }
        return value;
    }

    [Tool(ReadOnly = true, Description = "Waits, then returns the milliseconds waited.")]
    public async Task<int> Wait(int milliseconds, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"wait({milliseconds})");
        await Task.Delay(milliseconds, cancellationToken);
        return milliseconds;
    }

    [Tool(Description = "Waits like wait, but has side effects.")]
    public async Task<int> WaitAndWrite(int milliseconds, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"wait_and_write({milliseconds})");
        await Task.Delay(milliseconds, cancellationToken);
        Calls.Enqueue($"wrote({milliseconds})");
        return milliseconds;
    }

    private Task Delay(CancellationToken cancellationToken) => LookupDelayMs > 0 ? Task.Delay(LookupDelayMs, cancellationToken) : Task.CompletedTask;
}

/// <summary>Tools that exist, but not in the shop agent's scope.</summary>
public partial class AdminTools
{
    [Tool(Description = "Deletes everything.")]
    public string DeleteAll() => "deleted";
}

[Agent("You help customers of a sunglasses shop.", Description = "Shop assistant that plans.")]
public partial class ShopAgent
{
    [UseTools]
    private readonly ShopTools _shop;

    public ShopAgent(ShopTools shop) => _shop = shop;
}
