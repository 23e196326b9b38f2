using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Declarative;

namespace Consumer;

// Tools of every kind the generator supports. Descriptions are given with [Description] (not XML
// docs) wherever the schema is compared with AIFunctionFactory's, because reflection sees only attributes.

[Description("A color, with one member renamed for JSON.")]
public enum Color
{
    Red,
    Green,
    [JsonStringEnumMemberName("deep-blue")] DeepBlue,
}

[Description("A size whose underlying type is byte and whose values do not start at zero.")]
public enum Size : byte
{
    Small = 1,
    Medium = 2,
    Large = 3,
}

public sealed record TextEcho(string Text, char Letter, bool Flag);

public sealed record IntegerEcho(sbyte I8, byte U8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64);

public sealed record FloatEcho(float F32, double F64, decimal Dec);

public sealed record EnumEcho(Color Color, Size Size, List<Color> Colors, Color? Maybe);

public sealed record TimeEcho(Guid Id, DateTime When, DateTimeOffset At, DateOnly Day, TimeOnly Time, TimeSpan Span, Uri Link);

public sealed record NullableEcho(int? Count, string? Note, Guid? Id, DateOnly? Day, Color? Color, Address? Address);

public sealed record CollectionEcho(
    int[] Numbers,
    List<string> Names,
    IReadOnlyList<double> Values,
    HashSet<string> Tags,
    Dictionary<string, int> Counts,
    IReadOnlyDictionary<string, Color> Palette,
    List<Address> Addresses,
    List<List<int>> Grid,
    List<int?> Gaps);

public sealed record DefaultsEcho(string Greeting, int Times, double Ratio, bool Loud, Color Color, string? Suffix);

[Description("A postal address (a positional record: constructor parameters, one optional).")]
public sealed record Address(
    [property: Description("Street and number.")] string Street,
    [property: Description("City name.")] string City,
    [property: Description("Postal code, if known.")] string? Zip = null);

[Description("A customer (a class with required, init-only, settable, renamed and ignored properties).")]
public sealed class Customer
{
    [Description("Full name.")]
    public required string Name { get; init; }

    [Description("Email address, if any.")]
    public string? Email { get; init; }

    [Description("Age in years.")]
    [Range(0, 150)]
    public int Age { get; set; }

    [JsonPropertyName("vip")]
    [Description("Whether the customer is a VIP.")]
    public bool IsVip { get; set; }

    [JsonIgnore]
    public string Secret { get; set; } = "not for models";

    [Description("Free-form tags.")]
    public List<string> Tags { get; set; } = [];
}

[Description("Settings (a class with [JsonRequired] and defaults for what is left out).")]
public sealed class Settings
{
    [JsonRequired]
    [Description("The level, which must be sent.")]
    public int Level { get; set; }

    [Description("A mode, \"auto\" unless sent.")]
    public string Mode { get; init; } = "auto";

    [Description("Limits per name.")]
    public IReadOnlyDictionary<string, int>? Limits { get; set; }
}

[Description("A point (a struct bound through its constructor).")]
public readonly struct Point
{
    [JsonConstructor]
    public Point(int x, int y)
    {
        X = x;
        Y = y;
    }

    [Description("Horizontal coordinate.")]
    public int X { get; }

    [Description("Vertical coordinate.")]
    public int Y { get; }
}

[Description("An amount of money (a positional record struct).")]
public readonly record struct Money(decimal Amount, string Currency);

[Description("A tree node (a recursive type).")]
public sealed class TreeNode
{
    [Description("The node's label.")]
    public string Name { get; set; } = "";

    [Description("Child nodes.")]
    public List<TreeNode>? Children { get; set; }
}

public sealed record TreeSummary(int Nodes, int Depth, TreeNode Root);

public sealed record Registration(Customer Customer, Address Address, Point Location, Money Deposit, Settings? Settings);

public sealed record JsonEcho(JsonElement Payload, JsonNode? Node);

[Description("An order line whose properties carry DataAnnotations.")]
public sealed record LineItem(
    [property: Description("Stock-keeping unit."), RegularExpression("[A-Z]{2}-[0-9]{3}")] string Sku,
    [property: Description("Units."), Range(1, 99)] int Quantity);

/// <summary>The main tool set: an instance class, so the generated partial implements IToolSet.</summary>
public sealed partial class Kinds
{
    private readonly List<string> _touched = [];

    public IReadOnlyList<string> Touched => _touched;

    [Tool(ReadOnly = true), Description("Echoes text values.")]
    public TextEcho EchoText([Description("Any text.")] string text, [Description("One character.")] char letter, [Description("A flag.")] bool flag)
        => new(text, letter, flag);

    [Tool(ReadOnly = true), Description("Echoes every integer type.")]
    public IntegerEcho EchoIntegers(
        [Description("sbyte")] sbyte i8, [Description("byte")] byte u8, [Description("short")] short i16, [Description("ushort")] ushort u16,
        [Description("int")] int i32, [Description("uint")] uint u32, [Description("long")] long i64, [Description("ulong")] ulong u64)
        => new(i8, u8, i16, u16, i32, u32, i64, u64);

    [Tool(ReadOnly = true), Description("Echoes floating-point and decimal values.")]
    public FloatEcho EchoFloats([Description("float")] float f32, [Description("double")] double f64, [Description("decimal")] decimal dec)
        => new(f32, f64, dec);

    [Tool(ReadOnly = true), Description("Echoes enums.")]
    public EnumEcho EchoEnums(
        [Description("A color.")] Color color,
        [Description("A size.")] Size size,
        [Description("Several colors.")] List<Color> colors,
        [Description("Maybe a color.")] Color? maybe = null)
        => new(color, size, colors, maybe);

    [Tool(ReadOnly = true), Description("Echoes identifiers, dates, times and links.")]
    public TimeEcho EchoTimes(
        [Description("A GUID.")] Guid id,
        [Description("A date and time.")] DateTime when,
        [Description("A date and time with offset.")] DateTimeOffset at,
        [Description("A date.")] DateOnly day,
        [Description("A time of day.")] TimeOnly time,
        [Description("A duration.")] TimeSpan span,
        [Description("An absolute URI.")] Uri link)
        => new(id, when, at, day, time, span, link);

    [Tool(ReadOnly = true), Description("Echoes nullable values of value and reference types.")]
    public NullableEcho EchoNullables(
        [Description("Maybe a count.")] int? count,
        [Description("Maybe a note.")] string? note,
        [Description("Maybe an id.")] Guid? id,
        [Description("Maybe a day.")] DateOnly? day,
        [Description("Maybe a color.")] Color? color,
        [Description("Maybe an address.")] Address? address)
        => new(count, note, id, day, color, address);

    [Tool(ReadOnly = true), Description("Echoes collections.")]
    public CollectionEcho EchoCollections(
        [Description("An array.")] int[] numbers,
        [Description("A list.")] List<string> names,
        [Description("A read-only list.")] IReadOnlyList<double> values,
        [Description("A set.")] HashSet<string> tags,
        [Description("A dictionary.")] Dictionary<string, int> counts,
        [Description("A read-only dictionary of enums.")] IReadOnlyDictionary<string, Color> palette,
        [Description("A list of records.")] List<Address> addresses,
        [Description("A list of lists.")] List<List<int>> grid,
        [Description("A list with holes.")] List<int?> gaps)
        => new(numbers, names, values, tags, counts, palette, addresses, grid, gaps);

    [Tool(ReadOnly = true), Description("Echoes optional parameters with default values.")]
    public DefaultsEcho EchoDefaults(
        [Description("A greeting.")] string greeting = "hi",
        [Description("How many times.")] int times = 2,
        [Description("A ratio.")] double ratio = 0.5,
        [Description("Shout?")] bool loud = false,
        [Description("A color.")] Color color = Color.DeepBlue,
        [Description("An optional suffix.")] string? suffix = null)
        => new(greeting, times, ratio, loud, color, suffix);

    [Tool, Description("Registers a customer: a class, a record, a struct and a record struct.")]
    public Registration RegisterCustomer(
        [Description("The customer.")] Customer customer,
        [Description("Where they live.")] Address address,
        [Description("Where they stand.")] Point location,
        [Description("What they paid up front.")] Money deposit,
        [Description("Their settings, if any.")] Settings? settings = null)
        => new(customer, address, location, deposit, settings);

    [Tool(ReadOnly = true), Description("Measures a tree.")]
    public TreeSummary MeasureTree([Description("The root node.")] TreeNode root)
        => new(Count(root), Depth(root), root);

    [Tool(ReadOnly = true), Description("Echoes arbitrary JSON.")]
    public JsonEcho EchoJson([Description("Any JSON value.")] JsonElement payload, [Description("Any JSON value, or null.")] JsonNode? node)
        => new(payload, node);

    [Tool(ReadOnly = true), Description("Takes constrained values.")]
    public string Constrained(
        [Description("From 1 to 10."), Range(1, 10)] int quantity,
        [Description("From 0.5 to 9.5."), Range(0.5, 9.5)] double ratio,
        [Description("2 to 8 characters."), StringLength(8, MinimumLength = 2)] string code,
        [Description("Three capital letters."), RegularExpression("[A-Z]{3}")] string currency,
        [Description("An email address."), EmailAddress] string email,
        [Description("A URL."), Url] string site,
        [Description("One to three items."), MinLength(1), MaxLength(3)] string[] items,
        [Description("One or two numbers."), Length(1, 2)] List<int> pair,
        [Description("Order lines.")] List<LineItem> lines)
        => $"{quantity}|{ratio}|{code}|{currency}|{email}|{site}|{string.Join(",", items)}|{string.Join(",", pair)}|{lines.Count}";

    [Tool, Description("Remembers a key; returns nothing.")]
    public void Touch([Description("The key.")] string key) => _touched.Add(key);

    [Tool(ReadOnly = true), Description("Does nothing, asynchronously.")]
    public ValueTask NothingAsync() => ValueTask.CompletedTask;

    [Tool(ReadOnly = true), Description("Counts characters, asynchronously.")]
    public async Task<int> CountAsync([Description("The text.")] string text, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return text.Length;
    }

    [Tool(ReadOnly = true), Description("Builds an address, asynchronously.")]
    public ValueTask<Address> MakeAddressAsync([Description("Street.")] string street, [Description("City.")] string city)
        => ValueTask.FromResult(new Address(street, city));

    [Tool(ReadOnly = true), Description("Waits, then returns how long it waited.")]
    public async Task<int> WaitAsync([Description("Milliseconds to wait."), Range(0, 10_000)] int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return milliseconds;
    }

    [Tool("fail_always"), Description("Always throws.")]
    public string Fail([Description("The exception message.")] string message) => throw new InvalidOperationException(message);

    private static int Count(TreeNode node) => 1 + (node.Children?.Sum(Count) ?? 0);

    private static int Depth(TreeNode node) => 1 + (node.Children is { Count: > 0 } c ? c.Max(Depth) : 0);
}

/// <summary>A static tool set: the generated partial adds a static ToolSet property.</summary>
public static partial class MathTools
{
    [Tool(ReadOnly = true), Description("Adds two integers.")]
    public static long Add([Description("The first addend.")] int a, [Description("The second addend.")] int b) => (long)a + b;

    [Tool(ReadOnly = true), Description("Averages numbers.")]
    public static double Average([Description("The numbers."), MinLength(1)] IReadOnlyList<double> numbers) => numbers.Average();
}

/// <summary>Tools described only by XML doc comments, which the generator reads from syntax trivia.</summary>
public sealed partial class Documented
{
    /// <summary>Greets someone by name.</summary>
    /// <param name="name">Who to greet.</param>
    /// <param name="times">How many times to say hello.</param>
    /// <returns>The greeting.</returns>
    [Tool(ReadOnly = true)]
    public string Greet(string name, int times = 1) => string.Concat(Enumerable.Repeat("hello " + name + "! ", times)).TrimEnd();
}
