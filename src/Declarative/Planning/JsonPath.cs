using System.Text;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>Builds JSON paths the way tool readers write them.</summary>
internal static class JsonPath
{
    public static string Property(string parent, string name)
    {
        var builder = new StringBuilder(parent);
        Serialization.JsonReadContext.AppendName(builder, name);
        return builder.ToString();
    }

    /// <summary>What kind of JSON value this is, in words: "a string", "a list", "null".</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>Re-roots a path written relative to the arguments (<c>$.x</c>) under <paramref name="root"/>.</summary>
    public static string Under(string root, string relative) => relative.StartsWith('$') ? root + relative[1..] : root + "." + relative;
}
