using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Declarative.Planning.Tests;

public enum Hue
{
    Red,
    Green,
    Blue,
}

public enum Mood
{
    Calm,
    Red,
    Angry,
}

/// <summary>Every integer width and both kinds of fraction, at their extremes.</summary>
public sealed record Numbers(byte Tiny, short Small, int Medium, long Large, double Real, decimal Money, bool Flag);

public sealed record Person(string Name, [property: EmailAddress] string Email, int Age, Hue Favorite, DateOnly Born, Guid Id,
                            Uri Home, string? Nick, int? Lucky, List<string> Tags);

/// <summary>A recursive record: a tree with an optional sibling.</summary>
public sealed record Tree(string Label, int Weight, List<Tree> Children, Tree? Next);

public sealed record Bag(List<int> Ints, Dictionary<string, long> Counts, List<List<string>> Nested, Dictionary<string, Person> People);

public sealed record Wrapper(Person Inner, List<Person> Others, Person? Maybe, Numbers Numbers);

public sealed record Stamp(DateTime At, DateTimeOffset Offset, DateOnly Day, Guid Id, Uri Link);

public sealed record Contact([property: EmailAddress] string Email, [property: MaxLength(20)] string Name, [property: Range(0, 150)] int Age);

/// <summary>A person-shaped record with fewer properties, to check structural fits.</summary>
public sealed record Badge(string Name, int Age);

/// <summary>
/// A second tool set for the property tests: a wide variety of parameter and result types. Every
/// tool is deterministic and never throws for arguments its reader accepts, and every result keeps to
/// its own schema, so any step that fails at run time is the planner's fault.
/// </summary>
public partial class PropertyTools
{
    private static readonly Person Ada = new("Ada", "ada@example.com", 36, Hue.Blue, new DateOnly(1815, 12, 10),
        Guid.Parse("0b9a3c64-5f2c-4c1e-9a55-1f0e6f7f3a11"), new Uri("https://example.com/ada"), null, 7, ["math", "engines"]);

    private static readonly Person Alan = new("Alan", "alan@example.org", 41, Hue.Green, new DateOnly(1912, 6, 23),
        Guid.Parse("5c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"), new Uri("http://example.org/alan"), "Prof", null, []);

    [Tool(ReadOnly = true, Description = "Numbers of every width, at their extremes.")]
    public Numbers MakeNumbers(bool low) => low
        ? new Numbers(0, short.MinValue, int.MinValue, long.MinValue, -1.5e300, decimal.MinValue, false)
        : new Numbers(byte.MaxValue, short.MaxValue, int.MaxValue, long.MaxValue, 1.5e300, decimal.MaxValue, true);

    [Tool(ReadOnly = true)]
    public int TakeByte(byte value) => value;

    [Tool(ReadOnly = true)]
    public int TakeShort(short value) => value;

    [Tool(ReadOnly = true)]
    public long TakeInt(int value) => value;

    [Tool(ReadOnly = true)]
    public long TakeLong(long value) => value;

    [Tool(ReadOnly = true)]
    public double TakeDouble(double value) => value;

    [Tool(ReadOnly = true)]
    public decimal TakeDecimal(decimal value) => value;

    [Tool(ReadOnly = true)]
    public bool TakeBool(bool value) => !value;

    [Tool(ReadOnly = true, Description = "A percentage and a ratio.")]
    public string Ranged([Range(1, 100)] int percent, [Range(0.0, 1.0)] double ratio, short? offset = null)
        => $"{percent}:{ratio}:{offset}";

    [Tool(ReadOnly = true, Description = "Constrained strings.")]
    public string Text([MinLength(2), MaxLength(10)] string code, [RegularExpression("^[A-Z]{3}$")] string tag,
                       [EmailAddress] string email, string? note = null)
        => code + tag + email + note;

    [Tool(ReadOnly = true, Description = "Some people.")]
    public List<Person> People([Range(0, 5)] int count) => [.. Enumerable.Range(0, count).Select(i => i % 2 == 0 ? Ada : Alan)];

    [Tool(ReadOnly = true, Description = "A person by name; null when unknown.")]
    public Person? FindPerson(string name) => name == "Ada" ? Ada : name == "Alan" ? Alan : null;

    [Tool(ReadOnly = true)]
    public string Greet(Person person) => "hello " + person.Name;

    [Tool(ReadOnly = true)]
    public int GreetMany([MinLength(1)] List<Person> people) => people.Count;

    [Tool(ReadOnly = true)]
    public string Badge(Badge badge) => badge.Name + badge.Age;

    [Tool(ReadOnly = true, Description = "The hues.")]
    public List<Hue> Hues() => [Hue.Red, Hue.Green, Hue.Blue];

    [Tool(ReadOnly = true)]
    public Hue Paint(Hue hue, Hue? second = null) => second ?? hue;

    [Tool(ReadOnly = true)]
    public string Feel(Mood mood) => mood.ToString();

    [Tool(ReadOnly = true, Description = "Dates, ids and links.")]
    public Stamp MakeStamp(int day) => new(new DateTime(2024, 5, 1 + Math.Abs(day % 28), 13, 45, 0, DateTimeKind.Utc),
        new DateTimeOffset(2024, 5, 1, 13, 45, 0, TimeSpan.FromHours(2)), new DateOnly(2024, 5, 1 + Math.Abs(day % 28)),
        Guid.Parse("0b9a3c64-5f2c-4c1e-9a55-1f0e6f7f3a11"), new Uri("https://example.com/s/" + day));

    [Tool(ReadOnly = true)]
    public string When(DateTime at, DateOnly day, Guid id, Uri link, DateTimeOffset? offset = null)
        => $"{at:O} {day:O} {id} {link} {offset:O}";

    [Tool(ReadOnly = true, Description = "A tree of the given depth.")]
    public Tree MakeTree([Range(0, 3)] int depth) => Grow("t", depth);

    [Tool(ReadOnly = true)]
    public long Weigh(Tree tree)
    {
        // In long, and unchecked: any tree the reader accepts has a weight, so this never throws.
        long total = tree.Weight;
        foreach (var child in tree.Children)
        {
            total = unchecked(total + Weigh(child));
        }
        return tree.Next is null ? total : unchecked(total + Weigh(tree.Next));
    }

    [Tool(ReadOnly = true)]
    public Tree Plant(List<string> labels) => new("root", labels.Count, [.. labels.Select(l => new Tree(l, 1, [], null))], null);

    [Tool(ReadOnly = true, Description = "A bag of collections.")]
    public Bag MakeBag() => new([1, -2, 3], new() { ["a"] = long.MaxValue, ["b"] = -4 }, [["x", "y"], [], ["z"]],
        new() { ["ada"] = Ada, ["alan"] = Alan });

    [Tool(ReadOnly = true)]
    public int TakeBag(Bag bag) => bag.Ints.Count + bag.Counts.Count + bag.Nested.Count + bag.People.Count;

    [Tool(ReadOnly = true)]
    public Dictionary<string, int> CountMap(Dictionary<string, long> counts) => counts.ToDictionary(p => p.Key, p => p.Value > 0 ? 1 : 0);

    [Tool(ReadOnly = true)]
    public List<long> TakeInts(List<int> ints) => [.. ints.Select(i => (long)i * 3)];

    [Tool(ReadOnly = true)]
    public List<int> TakeNested(List<List<string>> nested) => [.. nested.Select(n => n.Count)];

    [Tool(ReadOnly = true)]
    public List<string> Words([MaxLength(3)] List<string> words) => [.. words.Select(w => w.ToUpperInvariant())];

    [Tool(ReadOnly = true, Description = "Null for odd values.")]
    public int? Maybe(int? value, string? text = null) => value is { } v && v % 2 == 0 ? v + (text?.Length ?? 0) : null;

    [Tool(ReadOnly = true, Description = "Returns nothing.")]
    public void Nothing(string note)
    {
        _ = note;
    }

    [Tool(ReadOnly = true, Description = "Returns its argument.")]
    public JsonElement Echo(JsonElement value) => value.Clone();

    [Tool(ReadOnly = true)]
    public Wrapper Wrap(Person inner, int? count = null)
        => new(inner, [Ada, Alan], count is > 0 ? inner : null, MakeNumbers(count is < 0));

    [Tool(ReadOnly = true)]
    public List<Contact> Contacts() => [new("ada@example.com", "Ada", 36), new("alan@example.org", "Alan Turing", 41)];

    [Tool(ReadOnly = true)]
    public string Send(Contact contact, [MaxLength(20)] string? subject = null) => contact.Email + subject;

    [Tool(ReadOnly = true)]
    public string Mail([EmailAddress] string to, [MaxLength(20)] string name) => to + name;

    [Tool(ReadOnly = true)]
    public int Scores(Dictionary<string, int> scores, List<Hue>? hues = null) => scores.Count + (hues?.Count ?? 0);

    private static Tree Grow(string label, int depth)
        => new(label, label.Length, depth <= 0 ? [] : [Grow(label + "0", depth - 1), Grow(label + "1", depth - 1)],
               depth == 2 ? new Tree(label + "n", 1, [], null) : null);
}
