using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative.Tests.ToolSets;

/// <summary>Objects: records, classes, structs, recursive types and free-form JSON.</summary>
public partial class ObjectTools
{
    [Tool(Description = "Moves a point by a size.")]
    public Point Move(Point point, Size by) => new() { X = point.X + (int)by.Width, Y = point.Y + (int)by.Height };

    [Tool(Description = "Counts the nodes of a tree.")]
    public int CountNodes([Description("The root of the tree.")] TreeNode root)
        => 1 + root.Children.Sum(c => CountNodes(c));

    [Tool(Description = "Returns a category's path from the root.")]
    public string Lineage(Category category)
        => category.Parent is null ? category.Name : Lineage(category.Parent) + "/" + category.Name;

    [Tool(Description = "Wraps any JSON in an envelope.")]
    public JsonElement Wrap([Description("Any JSON value.")] JsonElement data, JsonNode? extra = null)
    {
        var node = new JsonObject { ["data"] = JsonNode.Parse(data.GetRawText()), ["extra"] = extra?.DeepClone() };
        return JsonSerializer.SerializeToElement(node);
    }

    [Tool(Description = "Returns the tree it was given.")]
    public TreeNode EchoTree(TreeNode root) => root;

    [Tool(Description = "Returns an address, formatted.")]
    public Address Normalize(Address address) => address with { City = address.City.Trim().ToUpperInvariant() };
}
