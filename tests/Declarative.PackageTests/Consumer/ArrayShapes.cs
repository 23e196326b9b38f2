using System.ComponentModel;
using Declarative;

namespace Consumer;

public sealed record ArrayShapesEcho(Color[] Colors, Size[] Sizes, Address[] Stops, int[][] Grid, List<int[]> Rows, Dictionary<string, string[]> Aliases);

/// <summary>
/// Arrays of enums, of objects and of arrays: the generator must give an array and its element type
/// different reader and writer names.
/// </summary>
public sealed partial class ArrayShapes
{
    [Tool(ReadOnly = true), Description("Echoes arrays of enums and arrays of arrays.")]
    public ArrayShapesEcho EchoArrays(
        [Description("One color.")] Color color,
        [Description("Several colors.")] Color[] colors,
        [Description("Several sizes.")] Size[] sizes,
        [Description("Several addresses.")] Address[] stops,
        [Description("One row.")] int[] row,
        [Description("A jagged array.")] int[][] grid,
        [Description("A list of arrays.")] List<int[]> rows,
        [Description("Aliases per name.")] Dictionary<string, string[]> aliases)
        => new([color, .. colors], sizes, stops, [row, .. grid], rows, aliases);
}
