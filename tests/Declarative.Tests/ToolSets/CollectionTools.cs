using System.ComponentModel;

namespace Declarative.Tests.ToolSets;

/// <summary>Every collection kind the generator reads.</summary>
public partial class CollectionTools
{
    [Tool(Description = "Sums numbers given in seven list-like collections.")]
    public int SumAll(int[] array, List<int> list, IList<int> ilist, ICollection<int> collection,
                      IEnumerable<int> sequence, IReadOnlyList<int> readOnlyList, IReadOnlyCollection<int> readOnlyCollection)
        => array.Sum() + list.Sum() + ilist.Sum() + collection.Sum() + sequence.Sum() + readOnlyList.Sum() + readOnlyCollection.Sum();

    [Tool(Description = "Counts the distinct members of two sets.")]
    public SetEcho CountSets(HashSet<string> tags, ISet<int> ids) => new(tags.Count, ids.Count);

    [Tool(Description = "Tells whether a set of colors has dark blue.")]
    public bool HasDarkBlue(IReadOnlySet<Color> colors) => colors.Contains(Color.DarkBlue);

    [Tool(Description = "Merges three dictionaries into item counts.")]
    public Dictionary<string, int> MergeCounts(
        Dictionary<string, int> counts,
        IDictionary<string, string> labels,
        [Description("Line items by key.")] IReadOnlyDictionary<string, LineItem> items)
    {
        var result = new Dictionary<string, int>(counts);
        foreach (var (key, _) in labels)
        {
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        foreach (var (key, item) in items)
        {
            result[key] = result.GetValueOrDefault(key) + item.Quantity;
        }
        return result;
    }

    [Tool(Description = "Transposes a jagged matrix.")]
    public List<List<int>> Transpose(int[][] matrix)
    {
        var width = matrix.Length == 0 ? 0 : matrix.Max(r => r.Length);
        var result = new List<List<int>>();
        for (var c = 0; c < width; c++)
        {
            result.Add([.. matrix.Where(r => c < r.Length).Select(r => r[c])]);
        }
        return result;
    }

    [Tool(Description = "Sums rows of a list of arrays and a three-level jagged array.")]
    public int Flatten(List<int[]> rows, int[][][] cube)
        => rows.Sum(r => r.Sum()) + cube.Sum(p => p.Sum(r => r.Sum()));

    [Tool(Description = "Returns the names that are not null.")]
    public IReadOnlyList<string> Present(List<string?> names, Dictionary<string, double?> weights)
        => [.. names.Where(n => n is not null).Select(n => n!), .. weights.Where(w => w.Value is not null).Select(w => w.Key)];
}
