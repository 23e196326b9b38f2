using Xunit;

namespace Declarative.Tests;

/// <summary>
/// Collections are read into per-thread scratch collections and copied once into exactly sized ones
/// (<c>JsonCollections</c>), and scalars are read quickly without entering their path unless they
/// fail (<c>JsonRead.Quick.cs</c>). These hold the two to what the user and the model see: every
/// call's collections are its own, nothing leaks from a failed or aborted read into the next one, and
/// an error found after a quick read declines still names its full path.
/// </summary>
public sealed class CollectionReadingTests
{
    [Fact]
    public async Task Every_call_gets_its_own_collections_sized_to_fit()
    {
        var tools = new KeptCollections();
        await Ok(tools, "keep", """{"items":[{"id":"a","quantity":1,"price":1.5},{"id":"b","quantity":2,"price":2}],"counts":{"x":1,"y":2,"z":3},"names":["p","q"]}""");
        var (firstItems, firstCounts, firstNames) = (tools.Items!, tools.Counts!, tools.Names!);
        await Ok(tools, "keep", """{"items":[{"id":"c","quantity":3,"price":0.25}],"counts":{"w":9},"names":["r","s","t"]}""");

        Assert.NotSame(firstItems, tools.Items);
        Assert.Equal(["a", "b"], firstItems.Select(i => i.Id));
        Assert.Equal([1.5m, 2m], firstItems.Select(i => i.Price));
        Assert.Equal(new Dictionary<string, int> { ["x"] = 1, ["y"] = 2, ["z"] = 3 }, firstCounts);
        Assert.Equal(["p", "q"], firstNames);
        Assert.Equal(["c"], tools.Items!.Select(i => i.Id));
        Assert.Equal(1, tools.Items!.Capacity);
        Assert.Equal(3, tools.Names!.Capacity);
        Assert.Equal(9, tools.Counts!["w"]);
        Assert.Single(tools.Counts!);
        // The dictionary uses the default comparer, as one created by new Dictionary<string, T>() does.
        Assert.Same(new Dictionary<string, int>().Comparer, tools.Counts!.Comparer);
    }

    [Fact]
    public async Task A_refused_or_malformed_read_leaves_nothing_for_the_next_call()
    {
        var tools = new KeptCollections();
        var refused = await ((IToolSet)tools).InvokeAsync("keep", """{"items":[{"id":"a","quantity":1,"price":1},{"id":"b","quantity":"two","price":1}],"counts":{"x":1,"y":"no"},"names":["p",7]}""");
        Assert.True(refused.IsError);
        var malformed = await ((IToolSet)tools).InvokeAsync("keep", """{"items":[{"id":"a","quantity":1,"price":1}],"counts":{"x":1},"names":["p","q" """);
        Assert.True(malformed.IsError);

        await Ok(tools, "keep", """{"items":[],"counts":{},"names":["only"]}""");

        Assert.Empty(tools.Items!);
        Assert.Empty(tools.Counts!);
        Assert.Equal(["only"], tools.Names!);
    }

    [Fact]
    public async Task Errors_after_a_quick_read_declines_name_their_full_path()
    {
        var result = await ((IToolSet)new KeptCollections()).InvokeAsync("keep",
            """{"items":[{"id":"a","quantity":1,"price":1},{"id":7,"quantity":"two","price":"1"},{"id":"c","quantity":1.5,"price":1e400}],"counts":{"x":1,"y":"no"},"names":["p",null,true]}""");

        Assert.True(result.IsError);
        var paths = result.Errors.Select(e => e.Path).ToList();
        Assert.Equal(
            ["$.items[1].id", "$.items[1].quantity", "$.items[1].price", "$.items[2].quantity", "$.items[2].price", "$.counts.y", "$.names[1]", "$.names[2]"],
            paths);
    }

    [Fact]
    public async Task Values_the_quick_reads_decline_are_read_the_full_way()
    {
        var tools = new KeptCollections();
        await Ok(tools, "keep", """{"items":[{"id":"A\u0042 é","quantity":-0,"price":12345678901234567890.5}],"counts":{"k\"ey":2147483647},"names":["line\nbreak","ü"]}""");

        var item = Assert.Single(tools.Items!);
        Assert.Equal("AB é", item.Id);
        Assert.Equal(0, item.Quantity);
        Assert.Equal(12345678901234567890.5m, item.Price);
        Assert.Equal(int.MaxValue, tools.Counts!["k\"ey"]);
        Assert.Equal(["line\nbreak", "ü"], tools.Names!);
    }

    private static async Task Ok(IToolSet tools, string name, string json)
    {
        var result = await tools.InvokeAsync(name, json);
        Assert.False(result.IsError, result.ToString());
    }
}

/// <summary>A line item as the collection tests send it.</summary>
public sealed record KeptItem(string Id, int Quantity, decimal Price);

/// <summary>Keeps what it was called with, so a test can look at it after the next call.</summary>
public sealed partial class KeptCollections
{
    public List<KeptItem>? Items { get; private set; }

    public Dictionary<string, int>? Counts { get; private set; }

    public List<string>? Names { get; private set; }

    [Tool(Description = "Keeps the collections it is given.")]
    public int Keep(List<KeptItem> items, Dictionary<string, int> counts, List<string> names)
    {
        (Items, Counts, Names) = (items, counts, names);
        return items.Count + counts.Count + names.Count;
    }
}
