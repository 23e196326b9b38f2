using System.Text.Json;

namespace Declarative.Orchestration;

/// <summary>
/// Whether what one agent hands on fits what the next one takes, compared over their JSON schemas (values
/// cross as JSON, so structure decides, not the .NET type). The generator applies the same rules to its
/// TypeShapes, with the same words (DCL0025, DCL0026): the receiver's properties are walked in declaration
/// order and the first difference wins, with its JSON path.
/// </summary>
/// <remarks>
/// Allowed: an integer into a number, a non-null into a nullable (nullability is not compared: a null sent
/// to a receiver that rejects it is a path-addressed error of its reader at run time), an enum into a string,
/// an enum into an enum with a superset of values, anything typed into text (the JSON is the message), text
/// into text, anything into or from a schema that allows any JSON (<c>{}</c>). Text into a typed input does
/// not fit unless that input is a string.
/// </remarks>
internal static class SchemaComparison
{
    /// <summary>The name of an end in messages: its type's name, or <c>string</c> for text.</summary>
    public static string Display(string? typeName, JsonElement? schema) => schema is null ? "string" : typeName ?? "object";

    /// <summary>
    /// The first difference between what is sent (<paramref name="sent"/>; null: text) and what is received
    /// (<paramref name="received"/>; null: text), or null when it fits.
    /// </summary>
    public static (string Path, string Detail)? Difference(JsonElement? sent, string? sentTypeName, JsonElement? received, string? receivedTypeName)
    {
        if (received is not { } to)
        {
            return null;
        }
        var sentName = Display(sentTypeName, sent);
        var receivedName = Display(receivedTypeName, received);
        if (sent is not { } from)
        {
            var kind = Kind(Resolve(to, to));
            return kind is "string" or "any" ? null : ("$", $"text in {sentName}, {kind} in {receivedName}");
        }
        return new Walk(from, to, sentName, receivedName).Compare(from, to, "$");
    }

    /// <summary>The message's <c>{A} and {B} differ at '{path}': {detail}</c>, or null when it fits.</summary>
    public static string? Misfit(JsonElement? sent, string? sentTypeName, JsonElement? received, string? receivedTypeName)
        => Difference(sent, sentTypeName, received, receivedTypeName) is { } d
            ? $"{Display(sentTypeName, sent)} and {Display(receivedTypeName, received)} differ at '{d.Path}': {d.Detail}"
            : null;

    private sealed class Walk(JsonElement sentRoot, JsonElement receivedRoot, string sentName, string receivedName)
    {
        private readonly HashSet<(string, string)> _seen = [];

        public (string Path, string Detail)? Compare(JsonElement sent, JsonElement received, string path)
        {
            var sentRef = RefOf(sent);
            var receivedRef = RefOf(received);
            sent = Resolve(sentRoot, sent);
            received = Resolve(receivedRoot, received);
            var a = Kind(sent);
            var b = Kind(received);
            if (a == "any" || b == "any")
            {
                return null;
            }
            if (a != b && !(a == "integer" && b == "number") && !(a == "enum" && b == "string"))
            {
                return (path, $"{a} in {sentName}, {b} in {receivedName}");
            }
            switch (a)
            {
                case "enum" when b == "enum":
                    var offered = EnumValues(received);
                    foreach (var value in EnumValues(sent))
                    {
                        if (!offered.Contains(value))
                        {
                            return (path, $"enum in {sentName}, enum in {receivedName}");
                        }
                    }
                    return null;
                case "array":
                    return Compare(Items(sent), Items(received), path + "[*]");
                case "object":
                    return CompareObjects(sent, received, path, sentRef, receivedRef);
                default:
                    return null;
            }
        }

        private (string Path, string Detail)? CompareObjects(JsonElement sent, JsonElement received, string path, string? sentRef, string? receivedRef)
        {
            var sentIsMap = IsDictionary(sent);
            var receivedIsMap = IsDictionary(received);
            if (sentIsMap || receivedIsMap)
            {
                // A dictionary's keys are data: only two dictionaries' values can be compared.
                return sentIsMap && receivedIsMap
                    ? Compare(sent.GetProperty("additionalProperties"), received.GetProperty("additionalProperties"), path + ".*")
                    : null;
            }
            // A recursive type is compared once per pair of definitions.
            if (sentRef is not null && receivedRef is not null && !_seen.Add((sentRef, receivedRef)))
            {
                return null;
            }
            var from = Properties(sent);
            var required = Required(received);
            foreach (var property in Properties(received))
            {
                var at = path + "." + property.Name;
                if (!TryFind(from, property.Name, out var match))
                {
                    if (required.Contains(property.Name))
                    {
                        return (at, $"{receivedName} requires it, {sentName} does not have it");
                    }
                    continue;
                }
                if (Compare(match, property.Value, at) is { } difference)
                {
                    return difference;
                }
            }
            var to = Properties(received);
            foreach (var property in from)
            {
                if (!TryFind(to, property.Name, out _))
                {
                    return (path + "." + property.Name, $"{sentName} has it, {receivedName} does not");
                }
            }
            return null;
        }
    }

    private static string? RefOf(JsonElement schema)
        => schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
            ? reference.GetString()
            : null;

    // Follows a "$ref" (a JSON pointer into the root schema) and unwraps a nullable ("anyOf"/"oneOf" with a "null" branch).
    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        for (var depth = 0; depth < 64; depth++)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return schema;
            }
            if (RefOf(schema) is { } pointer)
            {
                if (Pointer(root, pointer) is not { } target)
                {
                    return default;
                }
                schema = target;
                continue;
            }
            if ((schema.TryGetProperty("anyOf", out var union) || schema.TryGetProperty("oneOf", out union)) && union.ValueKind == JsonValueKind.Array)
            {
                JsonElement? single = null;
                var count = 0;
                foreach (var branch in union.EnumerateArray())
                {
                    if (!IsNull(branch))
                    {
                        single = branch;
                        count++;
                    }
                }
                if (count == 1)
                {
                    schema = single!.Value;
                    continue;
                }
            }
            return schema;
        }
        return schema;
    }

    private static JsonElement? Pointer(JsonElement root, string pointer)
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
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private static bool IsNull(JsonElement schema)
        => schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type)
           && type.ValueKind == JsonValueKind.String && type.ValueEquals("null");

    // The kind a schema is named by in messages: string, integer, number, boolean, array, object, enum; "any" when it allows any JSON.
    private static string Kind(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "any";
        }
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            return "enum";
        }
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : "any";
        }
        string? single = null;
        if (type.ValueKind == JsonValueKind.String)
        {
            single = type.GetString();
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && !item.ValueEquals("null"))
                {
                    if (single is not null)
                    {
                        return "any";
                    }
                    single = item.GetString();
                }
            }
        }
        return single switch
        {
            "string" or "integer" or "number" or "boolean" or "array" or "object" => single,
            _ => "any",
        };
    }

    private static HashSet<string> EnumValues(JsonElement schema)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in schema.GetProperty("enum").EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                values.Add(value.GetRawText());
            }
        }
        return values;
    }

    private static JsonElement Items(JsonElement schema)
        => schema.TryGetProperty("items", out var items) ? items : default;

    private static bool IsDictionary(JsonElement schema)
        => !schema.TryGetProperty("properties", out _)
           && schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object;

    private static List<JsonProperty> Properties(JsonElement schema)
    {
        var list = new List<JsonProperty>();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                list.Add(property);
            }
        }
        return list;
    }

    private static HashSet<string> Required(JsonElement schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (name.GetString() is { } text)
                {
                    names.Add(text);
                }
            }
        }
        return names;
    }

    private static bool TryFind(List<JsonProperty> properties, string name, out JsonElement value)
    {
        foreach (var property in properties)
        {
            if (property.Name == name)
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
