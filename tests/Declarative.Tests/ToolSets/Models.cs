using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Declarative.Tests.ToolSets;

// The types the test tools take and return. Descriptions are [Description] attributes (not XML
// docs) so that Microsoft.Extensions.AI, which reads attributes only, sees the same text.

// A plain enum, with one member renamed for JSON.
public enum Color
{
    Red,
    Green,
    [JsonStringEnumMemberName("dark-blue")]
    DarkBlue,
}

[Description("How urgent something is.")]
public enum Priority
{
    Low,
    Normal,
    High,
}

public sealed record Address(
    string Street,
    string City,
    [property: Description("ISO 3166 country code.")] string Country = "US");

public sealed record LineItem(
    [property: Description("Stock keeping unit.")] string Sku,
    [property: Range(1, 100)] int Quantity,
    decimal UnitPrice);

// A class with required, init-only, settable, renamed, ignored and [JsonRequired] members.
public sealed class Order
{
    public required string Id { get; init; }

    [JsonPropertyName("customer_email")]
    [EmailAddress]
    public required string CustomerEmail { get; init; }

    [Description("What is ordered.")]
    public List<LineItem> Items { get; set; } = [];

    public Address? ShipTo { get; set; }

    [JsonIgnore]
    public string Internal { get; set; } = "internal";

    [JsonRequired]
    public Priority Priority { get; set; }

    public Dictionary<string, string> Notes { get; set; } = [];
}

public sealed record OrderReceipt(string OrderId, int ItemCount, decimal Total, Priority Priority, string? ShipToCity);

// A mutable struct with settable properties (none required).
public struct Point
{
    public int X { get; set; }

    public int Y { get; set; }
}

public readonly record struct Size(double Width, double Height);

// Recursive through a list.
public sealed class TreeNode
{
    public required string Name { get; init; }

    public List<TreeNode> Children { get; init; } = [];
}

// Recursive through a nullable reference.
public sealed record Category(string Name, Category? Parent);

public sealed record IntegerEcho(sbyte Sb, byte B, short S, ushort Us, int I, uint Ui, long L, ulong Ul);

public sealed record FloatEcho(float F, double D, decimal M);

public sealed record TextEcho(string Text, char Letter, bool Flag);

public sealed record TimeEcho(Guid Id, DateTime At, DateTimeOffset AtOffset, DateOnly Day, TimeOnly Time, TimeSpan Duration, Uri Link);

public sealed record NullableEcho(int? Count, string? Name, Guid? Id, DateOnly? Day, Color? Color);

public sealed record SetEcho(int Tags, int Ids);

public sealed record Registration(int Seats, double Budget, string Nickname, string Code, string Sku, string Email, string Homepage, string[] Tags);
