using System.Globalization;
using System.Text.Json;

namespace Declarative.Tests.Support;

/// <summary>
/// Semantic JSON comparison: object member order does not matter, numbers compare by value
/// (<c>1</c>, <c>1.0</c> and <c>1E0</c> are equal), strings and literals compare exactly.
/// Returns every difference with its path, so a failing assertion says what differs where.
/// </summary>
public static class JsonDiff
{
    /// <param name="expected">The reference value.</param>
    /// <param name="actual">The value under test.</param>
    /// <param name="absentEqualsNull">Treat an object member that is missing on one side and null on the other as equal.</param>
    public static List<string> Compare(JsonElement? expected, JsonElement? actual, bool absentEqualsNull = false)
    {
        var differences = new List<string>();
        Walk(expected, actual, "$", absentEqualsNull, differences);
        return differences;
    }

    public static bool Equal(JsonElement a, JsonElement b) => Compare(a, b).Count == 0;

    public static bool NumbersEqual(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y))
        {
            return x == y;
        }
        return a.GetDouble().Equals(b.GetDouble());
    }

    private static bool IsNull(JsonElement? e) => e is null || e.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    private static void Walk(JsonElement? expected, JsonElement? actual, string path, bool absentEqualsNull, List<string> differences)
    {
        if (IsNull(expected) || IsNull(actual))
        {
            if (!(IsNull(expected) && IsNull(actual)))
            {
                differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            }
            return;
        }
        var e = expected!.Value;
        var a = actual!.Value;
        var ek = e.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : e.ValueKind;
        var ak = a.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : a.ValueKind;
        if (ek != ak)
        {
            differences.Add($"{path}: expected {Show(e)}, got {Show(a)}");
            return;
        }
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedMembers = Members(e);
                var actualMembers = Members(a);
                foreach (var (name, value) in expectedMembers)
                {
                    var child = path + "." + name;
                    if (actualMembers.TryGetValue(name, out var other))
                    {
                        Walk(value, other, child, absentEqualsNull, differences);
                    }
                    else if (!(absentEqualsNull && value.ValueKind == JsonValueKind.Null))
                    {
                        differences.Add($"{child}: missing (expected {Show(value)})");
                    }
                }
                foreach (var (name, value) in actualMembers)
                {
                    if (!expectedMembers.ContainsKey(name) && !(absentEqualsNull && value.ValueKind == JsonValueKind.Null))
                    {
                        differences.Add($"{path}.{name}: unexpected member {Show(value)}");
                    }
                }
                break;
            case JsonValueKind.Array:
                var ea = e.EnumerateArray().ToArray();
                var aa = a.EnumerateArray().ToArray();
                if (ea.Length != aa.Length)
                {
                    differences.Add($"{path}: expected {ea.Length} items, got {aa.Length} ({Show(e)} vs {Show(a)})");
                    return;
                }
                for (var i = 0; i < ea.Length; i++)
                {
                    Walk(ea[i], aa[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", absentEqualsNull, differences);
                }
                break;
            case JsonValueKind.Number:
                if (!NumbersEqual(e, a))
                {
                    differences.Add($"{path}: expected number {e.GetRawText()}, got {a.GetRawText()}");
                }
                break;
            case JsonValueKind.String:
                if (e.GetString() != a.GetString())
                {
                    differences.Add($"{path}: expected {Show(e)}, got {Show(a)}");
                }
                break;
            default:
                if (e.ValueKind != a.ValueKind)
                {
                    differences.Add($"{path}: expected {Show(e)}, got {Show(a)}");
                }
                break;
        }
    }

    private static Dictionary<string, JsonElement> Members(JsonElement e)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            members[p.Name] = p.Value;
        }
        return members;
    }

    private static string Show(JsonElement? e)
    {
        if (e is null)
        {
            return "(nothing)";
        }
        var text = e.Value.GetRawText();
        return text.Length > 120 ? text[..120] + "..." : text;
    }
}
