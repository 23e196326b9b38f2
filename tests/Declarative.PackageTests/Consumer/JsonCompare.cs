using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Consumer;

/// <summary>JSON equality by meaning: property order, null-valued properties and number spelling don't matter.</summary>
public static class JsonSemantic
{
    /// <summary>The first difference between two values, or <see langword="null"/> when they mean the same.</summary>
    public static string? Difference(JsonElement? left, JsonElement? right, string path = "$")
    {
        var l = IsNull(left) ? (JsonElement?)null : left;
        var r = IsNull(right) ? (JsonElement?)null : right;
        if (l is null || r is null)
        {
            return l is null && r is null ? null : $"{path}: {Show(l)} vs {Show(r)}";
        }
        var a = l.Value;
        var b = r.Value;
        if (a.ValueKind != b.ValueKind && !(IsBool(a) && IsBool(b)))
        {
            return $"{path}: {Show(a)} vs {Show(b)}";
        }
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left2 = NonNullProperties(a);
                var right2 = NonNullProperties(b);
                foreach (var key in left2.Keys.Union(right2.Keys, StringComparer.Ordinal))
                {
                    left2.TryGetValue(key, out var x);
                    right2.TryGetValue(key, out var y);
                    var found = Difference(left2.ContainsKey(key) ? x : null, right2.ContainsKey(key) ? y : null, path + "." + key);
                    if (found is not null)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return $"{path}: {a.GetArrayLength()} elements vs {b.GetArrayLength()}";
                }
                var i = 0;
                foreach (var (x, y) in a.EnumerateArray().Zip(b.EnumerateArray()))
                {
                    var found = Difference(x, y, $"{path}[{i++}]");
                    if (found is not null)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Number:
                return SameNumber(a.GetRawText(), b.GetRawText()) ? null : $"{path}: {a.GetRawText()} vs {b.GetRawText()}";
            case JsonValueKind.String:
                return a.GetString() == b.GetString() ? null : $"{path}: {Show(a)} vs {Show(b)}";
            default:
                return a.ValueKind == b.ValueKind ? null : $"{path}: {Show(a)} vs {Show(b)}";
        }
    }

    public static bool SameNumber(string x, string y)
    {
        if (decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx)
            && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy))
        {
            return dx == dy;
        }
        return double.Parse(x, CultureInfo.InvariantCulture).Equals(double.Parse(y, CultureInfo.InvariantCulture));
    }

    private static bool IsNull(JsonElement? e) => e is null || e.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    private static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static Dictionary<string, JsonElement> NonNullProperties(JsonElement e)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Null)
            {
                result[p.Name] = p.Value;
            }
        }
        return result;
    }

    public static string Show(JsonElement? e)
    {
        if (e is null)
        {
            return "(absent/null)";
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            e.Value.WriteTo(writer);
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return text.Length > 120 ? text[..120] + "..." : text;
    }
}

/// <summary>
/// Compares a generated schema with the one <c>AIJsonUtilities.CreateFunctionJsonSchema</c> makes for
/// the same method. <c>$ref</c>s are expanded on both sides (to a fixed depth, for recursive types),
/// so the two may place references differently, and <c>true</c> equals <c>{}</c>.
/// Allowed differences, where Declarative is stricter or says more:
/// <list type="bullet">
/// <item><c>additionalProperties: false</c>;</item>
/// <item>an integer's CLR bounds as <c>minimum</c>/<c>maximum</c>;</item>
/// <item>a pattern anchored as <c>^(?:...)$</c>, which is how <c>[RegularExpression]</c> matches;</item>
/// <item>for <c>[Url]</c>, a pattern limiting the scheme to http, https and ftp, as the attribute does;</item>
/// <item>no <c>"null"</c> in a type where AIJsonUtilities adds it to a non-nullable member of a nullable parameter;</item>
/// <item>a type's own description on a <c>Nullable&lt;T&gt;</c>, which AIJsonUtilities drops.</item>
/// </list>
/// The reference's <c>title</c>, <c>$comment</c> and root <c>description</c> (the tool description is
/// compared on its own) are ignored.
/// </summary>
public static class SchemaCompare
{
    private const int MaxDepth = 32;

    private enum Mode
    {
        Schema,
        NameMap,
        Data,
    }

    public static List<string> Differences(JsonElement ours, JsonElement reference)
    {
        var ourRoot = JsonNode.Parse(ours.GetRawText())!;
        var theirRoot = JsonNode.Parse(reference.GetRawText())!;
        var differences = new List<string>();
        Walk(Expand(ourRoot, ourRoot, 0), Expand(theirRoot, theirRoot, 0), "#", Mode.Schema, isRoot: true, differences);
        return differences;
    }

    /// <summary>
    /// Replaces every <c>$ref</c> with what it points to and <c>true</c> with <c>{}</c>, cutting the
    /// tree at a fixed nesting depth (references don't count as nesting, so both sides cut alike).
    /// </summary>
    private static JsonNode? Expand(JsonNode? node, JsonNode root, int depth, int hops = 0)
    {
        if (depth > MaxDepth || hops > 64)
        {
            return JsonValue.Create(Cut);
        }
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var pointer):
                var target = Resolve(root, pointer) ?? throw new InvalidOperationException("unresolvable $ref " + pointer);
                var merged = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : [];
                foreach (var (key, value) in obj)
                {
                    // Siblings of $ref apply too; a trivially true sibling ({} or true) adds nothing.
                    if (key == "$ref" || IsTriviallyTrue(value))
                    {
                        continue;
                    }
                    merged[key] = value?.DeepClone();
                }
                return Expand(merged, root, depth, hops + 1);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (depth == 0 && key is "$defs" or "definitions")
                    {
                        continue;
                    }
                    copy[key] = Expand(value, root, depth + 1);
                }
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Expand(item, root, depth + 1));
                }
                return items;
            case JsonValue value when value.GetValueKind() == JsonValueKind.True:
                // The schema "true" accepts anything, as "{}" does.
                return new JsonObject();
            default:
                return node?.DeepClone();
        }
    }

    private const string Cut = "<depth limit>";

    private static bool IsCut(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == Cut;

    private static bool IsTriviallyTrue(JsonNode? node)
        => node is JsonObject { Count: 0 } || (node is JsonValue v && v.GetValueKind() == JsonValueKind.True);

    private static JsonNode? Resolve(JsonNode root, string pointer)
    {
        if (pointer == "#")
        {
            return root;
        }
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }
        var current = root;
        foreach (var raw in pointer[2..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    private static void Walk(JsonNode? ours, JsonNode? theirs, string path, Mode mode, bool isRoot, List<string> differences)
    {
        if (IsCut(ours) || IsCut(theirs))
        {
            return;
        }
        if (ours is JsonObject o && theirs is JsonObject t)
        {
            foreach (var (key, value) in o)
            {
                if (!t.ContainsKey(key))
                {
                    if (IsCut(value) || (mode == Mode.Schema && AllowedOnlyInOurs(o, t, key, value)))
                    {
                        continue;
                    }
                    differences.Add($"{path}/{key}: only in Declarative's schema: {Text(value)}");
                }
            }
            foreach (var (key, value) in t)
            {
                if (!o.ContainsKey(key))
                {
                    if (IsCut(value) || (mode == Mode.Schema && (key is "title" or "$comment" || (isRoot && key == "description"))))
                    {
                        continue;
                    }
                    differences.Add($"{path}/{key}: only in AIJsonUtilities' schema: {Text(value)}");
                }
            }
            foreach (var (key, value) in o)
            {
                if (!t.TryGetPropertyValue(key, out var other))
                {
                    continue;
                }
                var childPath = path + "/" + key;
                if (mode == Mode.Schema)
                {
                    switch (key)
                    {
                        case "pattern":
                            var ourPattern = value?.GetValue<string>();
                            var theirPattern = other?.GetValue<string>();
                            if (ourPattern != theirPattern && ourPattern != "^" + theirPattern + "$" && ourPattern != "^(?:" + theirPattern + ")$")
                            {
                                differences.Add($"{childPath}: {Text(value)} vs {Text(other)}");
                            }
                            continue;
                        case "type" when StricterNullability(value, other):
                            // AIJsonUtilities marks a nullable parameter's nested non-nullable strings as
                            // nullable; Declarative refuses null there (the reader does too).
                            continue;
                        case "required" or "enum" or "type":
                            if (!SameSet(value, other))
                            {
                                differences.Add($"{childPath}: {Text(value)} vs {Text(other)}");
                            }
                            continue;
                        case "properties" or "$defs" or "definitions" or "patternProperties":
                            Walk(value, other, childPath, Mode.NameMap, false, differences);
                            continue;
                        case "default" or "const" or "examples":
                            Walk(value, other, childPath, Mode.Data, false, differences);
                            continue;
                    }
                }
                Walk(value, other, childPath, mode == Mode.NameMap ? Mode.Schema : mode, false, differences);
            }
            return;
        }
        if (ours is JsonArray oa && theirs is JsonArray ta)
        {
            if (oa.Count != ta.Count)
            {
                differences.Add($"{path}: {Text(ours)} vs {Text(theirs)}");
                return;
            }
            for (var i = 0; i < oa.Count; i++)
            {
                Walk(oa[i], ta[i], $"{path}/{i}", mode, false, differences);
            }
            return;
        }
        if (ours is JsonValue ov && theirs is JsonValue tv)
        {
            var a = ov.ToJsonString();
            var b = tv.ToJsonString();
            var same = a == b
                || (ov.GetValueKind() == JsonValueKind.Number && tv.GetValueKind() == JsonValueKind.Number && JsonSemantic.SameNumber(a, b));
            if (!same)
            {
                differences.Add($"{path}: {a} vs {b}");
            }
            return;
        }
        if (ours is null && theirs is null)
        {
            return;
        }
        differences.Add($"{path}: {Text(ours)} vs {Text(theirs)}");
    }

    private static bool AllowedOnlyInOurs(JsonObject schema, JsonObject reference, string key, JsonNode? value) => key switch
    {
        // AIJsonUtilities drops a type's own [Description] when the type is wrapped in Nullable<T>.
        "description" => TypeIncludes(schema, "null") && TypeIncludes(reference, "null"),
        "additionalProperties" => value is JsonValue v && v.TryGetValue<bool>(out var b) && !b,
        "minimum" or "maximum" => TypeIncludes(schema, "integer") && value is JsonValue bound && ClrBounds.Contains(bound.ToJsonString()),
        // [Url] admits only http, https and ftp; format "uri" alone would admit any scheme.
        "pattern" => reference["format"] is JsonValue f && f.TryGetValue<string>(out var format) && format == "uri"
                     && value is JsonValue p && p.TryGetValue<string>(out var pattern) && pattern == "^([hH][tT][tT][pP][sS]?|[fF][tT][pP]):",
        _ => false,
    };

    private static readonly HashSet<string> ClrBounds =
    [
        "-128", "127", "0", "255", "-32768", "32767", "65535", "-2147483648", "2147483647", "4294967295",
        "-9223372036854775808", "9223372036854775807", "18446744073709551615",
    ];

    private static bool TypeIncludes(JsonObject schema, string type) => schema["type"] switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == type,
        JsonArray a => a.Any(x => x is JsonValue v && v.TryGetValue<string>(out var s) && s == type),
        _ => false,
    };

    private static HashSet<string> Items(JsonNode? n) => n is JsonArray array
        ? array.Select(x => x?.ToJsonString() ?? "null").ToHashSet(StringComparer.Ordinal)
        : [n?.ToJsonString() ?? "null"];

    private static bool SameSet(JsonNode? a, JsonNode? b) => Items(a).SetEquals(Items(b));

    /// <summary>Our type list is theirs without "null".</summary>
    private static bool StricterNullability(JsonNode? ours, JsonNode? theirs)
    {
        var a = Items(ours);
        var b = Items(theirs);
        return b.Contains("\"null\"") && !a.Contains("\"null\"") && b.Count == a.Count + 1 && a.IsSubsetOf(b);
    }

    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 160 ? text[..160] + "..." : text;
    }
}
