using System.Buffers;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>
/// Composes the JSON schema of a plan over a set of tools, for use as a structured-output response
/// format: each step is one of the tools (a discriminated union on <c>tool</c>), its <c>arguments</c>
/// that tool's own generated argument schema with a reference (<c>{"$from","path"}</c>) allowed
/// wherever a value goes.
/// </summary>
/// <remarks>
/// The schema is derived from the generated argument schemas on first use and cached by the
/// validator, so it can never disagree with the tools; it is composed at run time because types left
/// to System.Text.Json only have their schemas then, and tool sets may be put together at run time
/// (docs/planning.md, "Why the plan schema is composed at run time", measures what that costs).
/// Recursive types keep working: every
/// <c>$ref</c> pointer is rewritten to where its target lands in the plan schema.
/// </remarks>
public static class PlanSchema
{
    /// <summary>The id pattern steps must match.</summary>
    public const string IdPattern = "^[A-Za-z0-9_-]{1,64}$";

    private const string ReferencePointer = "#/definitions/reference";

    /// <summary>Builds the plan schema for <paramref name="tools"/>.</summary>
    /// <param name="tools">The tools steps may call.</param>
    public static JsonElement Create(IReadOnlyList<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteString("description", "A plan: steps that each call one tool. A step starts when the steps it depends on have finished; independent steps run in parallel.");
            writer.WriteStartObject("properties");
            writer.WriteStartObject("steps");
            writer.WriteString("type", "array");
            writer.WriteNumber("minItems", 1);
            writer.WriteStartObject("items");
            writer.WriteStartArray("anyOf");
            for (var i = 0; i < tools.Count; i++)
            {
                WriteStep(writer, tools[i], "#/properties/steps/items/anyOf/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("required");
            writer.WriteStringValue("steps");
            writer.WriteEndArray();
            writer.WriteBoolean("additionalProperties", false);
            writer.WriteStartObject("definitions");
            WriteReferenceDefinition(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static void WriteStep(Utf8JsonWriter writer, ToolDescriptor tool, string pointer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "object");
        if (tool.Description.Length > 0)
        {
            writer.WriteString("description", tool.Description);
        }
        writer.WriteStartObject("properties");
        writer.WriteStartObject("id");
        writer.WriteString("type", "string");
        writer.WriteString("pattern", IdPattern);
        writer.WriteString("description", "Unique in the plan; other steps use it in references and dependsOn.");
        writer.WriteEndObject();
        writer.WriteStartObject("tool");
        writer.WriteString("type", "string");
        writer.WriteStartArray("enum");
        writer.WriteStringValue(tool.Name);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WritePropertyName("arguments");
        var arguments = tool.ParametersSchema;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var target = pointer + "/properties/arguments";
        Map(arguments, "#", target, valuePosition: true, map);
        Write(writer, arguments, valuePosition: true, map);
        // Optional members may also be null (as the validator takes them), which is also how strict
        // structured outputs spell "optional".
        writer.WriteStartObject("dependsOn");
        WriteTypeOrNull(writer, "array");
        writer.WriteString("description", "Ids of steps that must finish first, when no value is taken from them.");
        writer.WriteStartObject("items");
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("description");
        WriteTypeOrNull(writer, "string");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue("id");
        writer.WriteStringValue("tool");
        writer.WriteStringValue("arguments");
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    }

    private static void WriteReferenceDefinition(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("reference");
        writer.WriteString("type", "object");
        writer.WriteString("description", "A value taken from an earlier step's result.");
        writer.WriteStartObject("properties");
        writer.WriteStartObject("$from");
        writer.WriteString("type", "string");
        writer.WriteString("pattern", IdPattern);
        writer.WriteString("description", "The id of the step whose result is used.");
        writer.WriteEndObject();
        writer.WriteStartObject("path");
        writer.WriteString("type", "string");
        writer.WriteString("description", "A JSON pointer into that result (\"\" for all of it); a '*' segment maps over a list: \"/*/id\" is the ids of a list of items.");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue("$from");
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    }

    // Where each node of the tool's schema lands in the plan schema: a value position is wrapped as the
    // first branch of an anyOf, so everything below it moves down two levels.
    private static void Map(JsonElement schema, string from, string to, bool valuePosition, Dictionary<string, string> map)
    {
        var at = valuePosition ? to + "/anyOf/0" : to;
        map[from] = at;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var member in schema.EnumerateObject())
        {
            switch (member.Name)
            {
                case "properties" when member.Value.ValueKind == JsonValueKind.Object:
                    foreach (var property in member.Value.EnumerateObject())
                    {
                        var segment = "/properties/" + JsonPointer.Escape(property.Name);
                        Map(property.Value, from + segment, at + segment, valuePosition: true, map);
                    }
                    break;
                case "items" or "additionalProperties" when member.Value.ValueKind == JsonValueKind.Object:
                    Map(member.Value, from + "/" + member.Name, at + "/" + member.Name, valuePosition: true, map);
                    break;
                case "anyOf" or "oneOf" or "allOf" when member.Value.ValueKind == JsonValueKind.Array:
                    var i = 0;
                    foreach (var branch in member.Value.EnumerateArray())
                    {
                        var segment = "/" + member.Name + "/" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        Map(branch, from + segment, at + segment, valuePosition: false, map);
                    }
                    break;
            }
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement schema, bool valuePosition, Dictionary<string, string> map)
    {
        if (valuePosition)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("anyOf");
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            schema.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            foreach (var member in schema.EnumerateObject())
            {
                writer.WritePropertyName(member.Name);
                switch (member.Name)
                {
                    case "properties" when member.Value.ValueKind == JsonValueKind.Object:
                        writer.WriteStartObject();
                        foreach (var property in member.Value.EnumerateObject())
                        {
                            writer.WritePropertyName(property.Name);
                            Write(writer, property.Value, valuePosition: true, map);
                        }
                        writer.WriteEndObject();
                        break;
                    case "items" or "additionalProperties" when member.Value.ValueKind == JsonValueKind.Object:
                        Write(writer, member.Value, valuePosition: true, map);
                        break;
                    case "anyOf" or "oneOf" or "allOf" when member.Value.ValueKind == JsonValueKind.Array:
                        writer.WriteStartArray();
                        foreach (var branch in member.Value.EnumerateArray())
                        {
                            Write(writer, branch, valuePosition: false, map);
                        }
                        writer.WriteEndArray();
                        break;
                    case "$ref" when member.Value.ValueKind == JsonValueKind.String:
                        var reference = member.Value.GetString()!;
                        writer.WriteStringValue(map.TryGetValue(reference, out var moved) ? moved : reference);
                        break;
                    default:
                        member.Value.WriteTo(writer);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        if (valuePosition)
        {
            writer.WriteStartObject();
            writer.WriteString("$ref", ReferencePointer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    private static void WriteTypeOrNull(Utf8JsonWriter writer, string type)
    {
        writer.WriteStartArray("type");
        writer.WriteStringValue(type);
        writer.WriteStringValue("null");
        writer.WriteEndArray();
    }
}
