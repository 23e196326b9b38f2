using System.Globalization;
using System.Text.Json;

namespace Declarative.Evaluation;

// The small JSON path graders use: $ then .name and [index] segments.
internal static class JsonPath
{
    public static IReadOnlyList<object> Parse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '$')
        {
            throw new ArgumentException($"A JSON path starts with $: {path}", nameof(path));
        }
        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not '.' and not '[')
                {
                    end++;
                }
                if (end == i + 1)
                {
                    throw new ArgumentException($"An empty property name at {i} in {path}", nameof(path));
                }
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new ArgumentException($"Expected [index] at {i} in {path}", nameof(path));
                }
                segments.Add(index);
                i = end + 1;
            }
            else
            {
                throw new ArgumentException($"Expected . or [ at {i} in {path}", nameof(path));
            }
        }
        return segments;
    }

    public static bool TryFind(JsonElement root, IReadOnlyList<object> segments, out JsonElement value)
    {
        value = root;
        foreach (var segment in segments)
        {
            if (segment is string name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else
            {
                var index = (int)segment;
                if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
                {
                    return false;
                }
                value = value[index];
            }
        }
        return true;
    }
}
