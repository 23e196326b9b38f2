using System.Text.Json;
using System.Text.Json.Nodes;

namespace Declarative;

/// <summary>
/// Redacts values marked <see cref="SensitiveAttribute"/> from what a run records about a tool call (its
/// trace step, its span's content tags): the tool itself, an approver and the model still get the real values.
/// </summary>
internal static class Redaction
{
    /// <summary>What stands in for a redacted value.</summary>
    public const string Marker = "[redacted]";

    private static readonly string RedactedJson = JsonSerializer.Serialize(Marker, Serialization.SerializationContext.Default.String);

    /// <summary>The arguments as recorded: the sensitive paths' values replaced, or the text as is when none are sensitive.</summary>
    /// <param name="tool">The tool, whose descriptor names its sensitive argument paths.</param>
    /// <param name="utf8Arguments">The arguments.</param>
    /// <returns>Null when nothing is sensitive (record the arguments as they are).</returns>
    public static string? Arguments(ToolDescriptor tool, ReadOnlySpan<byte> utf8Arguments)
    {
        var paths = tool.SensitiveArguments;
        if (paths.Count == 0)
        {
            return null;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Arguments);
        }
        catch (JsonException)
        {
            // Unreadable arguments cannot be redacted value by value: record none of them.
            return RedactedJson;
        }
        foreach (var path in paths)
        {
            Redact(root, path);
        }
        return root?.ToJsonString() ?? "null";
    }

    /// <summary>The result as recorded: redacted when the tool's result is sensitive.</summary>
    public static string Result(ToolDescriptor tool, string result) => tool.SensitiveResult ? RedactedJson : result;

    // Paths are those the generator writes: "$" then ".name" segments, "[*]" for every item of a list,
    // ".*" for every value of a dictionary.
    private static void Redact(JsonNode? node, string path)
    {
        if (node is null || !path.StartsWith('$'))
        {
            return;
        }
        var segments = new List<string>();
        var rest = path.AsSpan(1);
        while (rest.Length > 0)
        {
            if (rest.StartsWith("[*]"))
            {
                segments.Add("[*]");
                rest = rest[3..];
            }
            else if (rest[0] == '.')
            {
                rest = rest[1..];
                var end = rest.IndexOfAny('.', '[');
                segments.Add((end < 0 ? rest : rest[..end]).ToString());
                rest = end < 0 ? [] : rest[end..];
            }
            else
            {
                return;
            }
        }
        Apply(node, segments, 0);
    }

    private static void Apply(JsonNode node, List<string> segments, int at)
    {
        var segment = segments[at];
        var last = at == segments.Count - 1;
        if (segment == "[*]")
        {
            if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (last)
                    {
                        array[i] = Marker;
                    }
                    else if (array[i] is { } item)
                    {
                        Apply(item, segments, at + 1);
                    }
                }
            }
            return;
        }
        if (segment == "*")
        {
            if (node is JsonObject map)
            {
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    if (last)
                    {
                        map[key] = Marker;
                    }
                    else if (map[key] is { } value)
                    {
                        Apply(value, segments, at + 1);
                    }
                }
            }
            return;
        }
        if (node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child))
        {
            if (last)
            {
                obj[segment] = Marker;
            }
            else if (child is not null)
            {
                Apply(child, segments, at + 1);
            }
        }
    }
}
