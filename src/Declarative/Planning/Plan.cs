using System.Text;
using System.Text.Json;

namespace Declarative.Planning;

/// <summary>
/// A plan that passed <see cref="PlanValidator"/>: steps over an agent's tools, each with arguments
/// that may take values from earlier steps' results. Only a validator creates plans, so holding one
/// means every tool exists, every argument reads, every reference points at something of the right
/// type, and the steps form no cycle.
/// </summary>
/// <remarks>
/// The JSON form (the contract the model writes):
/// <code>
/// { "steps": [
///   { "id": "find",  "tool": "get_item_descriptions", "arguments": { "category": "sunglasses" } },
///   { "id": "stock", "tool": "check_inventory", "arguments": { "itemIds": { "$from": "find", "path": "/*/id" } } },
///   { "id": "price", "tool": "get_item_price", "arguments": { "itemIds": { "$from": "stock", "path": "/*/itemId" } },
///     "dependsOn": ["stock"], "description": "prices of what is in stock" } ] }
/// </code>
/// </remarks>
public sealed class Plan
{
    private readonly Dictionary<string, PlanStep> _byId;

    internal Plan(IReadOnlyList<PlanStep> steps, string json)
    {
        Steps = steps;
        Json = json;
        _byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The steps in the order written.</summary>
    public IReadOnlyList<PlanStep> Steps { get; }

    /// <summary>The plan's JSON text as received.</summary>
    public string Json { get; }

    /// <summary>A step by id.</summary>
    /// <param name="id">The step's id.</param>
    /// <exception cref="KeyNotFoundException">No step has that id.</exception>
    public PlanStep this[string id] => _byId[id];

    /// <summary>Finds a step by id.</summary>
    /// <param name="id">The step's id.</param>
    /// <param name="step">The step, when found.</param>
    public bool TryGetStep(string id, out PlanStep step) => _byId.TryGetValue(id, out step!);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Steps);
}

/// <summary>One step of a validated <see cref="Plan"/>: a call of one tool.</summary>
public sealed class PlanStep
{
    internal PlanStep(int index, string id, string tool, JsonElement arguments, IReadOnlyList<string> dependsOn,
                      string? description, IReadOnlyList<PlanReference> references)
    {
        Index = index;
        Id = id;
        Tool = tool;
        Arguments = arguments;
        DependsOn = dependsOn;
        Description = description;
        References = references;
        var dependencies = new List<string>();
        foreach (var id2 in references.Select(r => r.StepId).Concat(dependsOn))
        {
            if (!dependencies.Contains(id2, StringComparer.Ordinal))
            {
                dependencies.Add(id2);
            }
        }
        Dependencies = dependencies;
    }

    /// <summary>The step's position in the plan, from 0.</summary>
    public int Index { get; }

    /// <summary>Its id, unique in the plan.</summary>
    public string Id { get; }

    /// <summary>The tool it calls.</summary>
    public string Tool { get; }

    /// <summary>The arguments as written, references included.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Steps it must wait for without taking data from them.</summary>
    public IReadOnlyList<string> DependsOn { get; }

    /// <summary>What the step is for, in the model's words.</summary>
    public string? Description { get; }

    /// <summary>The references in its arguments, in document order.</summary>
    public IReadOnlyList<PlanReference> References { get; }

    /// <summary>Every step it waits for: those it references, then those in <see cref="DependsOn"/>, each once.</summary>
    public IReadOnlyList<string> Dependencies { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Id}: {Tool}({Arguments.GetRawText()})" + (Dependencies.Count == 0 ? "" : " after " + string.Join(", ", Dependencies));
}

/// <summary>A value taken from an earlier step's result: <c>{ "$from": "find", "path": "/*/id" }</c>.</summary>
public sealed class PlanReference
{
    internal PlanReference(string stepId, string pointer, IReadOnlyList<PointerSegment> segments, string argumentPath)
    {
        StepId = stepId;
        Pointer = pointer;
        Segments = segments;
        ArgumentPath = argumentPath;
    }

    /// <summary>The step whose result is used.</summary>
    public string StepId { get; }

    /// <summary>The JSON pointer into that result (empty for the whole result; <c>*</c> maps over a list).</summary>
    public string Pointer { get; }

    /// <summary>Where the reference stands in the arguments, as a JSON path (<c>$.itemIds</c>).</summary>
    public string ArgumentPath { get; }

    internal IReadOnlyList<PointerSegment> Segments { get; }

    /// <inheritdoc/>
    public override string ToString() => StepId + (Pointer.Length == 0 ? "" : " " + Pointer);

    /// <summary>Whether a JSON value is a reference (an object with a <c>$from</c> member).</summary>
    internal static bool IsReference(JsonElement value)
        => value.ValueKind == JsonValueKind.Object && value.TryGetProperty("$from", out _);

    /// <summary>Writes arguments with each reference replaced by <paramref name="writeReference"/>, given its position in document order.</summary>
    internal static byte[] WriteArguments(JsonElement arguments, Action<Utf8JsonWriter, int> writeReference)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var index = 0;
            Write(writer, arguments, writeReference, ref index);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, Action<Utf8JsonWriter, int> writeReference, ref int index)
    {
        if (IsReference(value))
        {
            writeReference(writer, index++);
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, writeReference, ref index);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item, writeReference, ref index);
                }
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Writes the value this reference selects from <paramref name="result"/>; false, with the reason,
    /// when the result does not have it (an index past the end, a missing map key, a null on the way).
    /// </summary>
    internal bool TryResolve(JsonElement result, Utf8JsonWriter writer, out string? error)
    {
        error = Resolve(result, 0, writer);
        return error is null;
    }

    private string? Resolve(JsonElement value, int position, Utf8JsonWriter writer)
    {
        if (position == Segments.Count)
        {
            value.WriteTo(writer);
            return null;
        }
        var segment = Segments[position];
        var at = JsonPointer.Prefix(Segments, position);
        if (segment.IsWildcard)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return $"'*' maps over a list, but {at} of '{StepId}' is {JsonPath.Kind(value)}";
            }
            writer.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                if (Resolve(item, position + 1, writer) is { } error)
                {
                    return error;
                }
            }
            writer.WriteEndArray();
            return null;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            var length = value.GetArrayLength();
            if (segment.Index is not { } index || index >= length)
            {
                return $"{at} of '{StepId}' has {length} item{(length == 1 ? "" : "s")}, so '{segment.Name}' is out of range";
            }
            return Resolve(value[index], position + 1, writer);
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (!value.TryGetProperty(segment.Name, out var child))
            {
                return $"{at} of '{StepId}' has no member '{segment.Name}'";
            }
            return Resolve(child, position + 1, writer);
        }
        return $"{at} of '{StepId}' is {JsonPath.Kind(value)}, which has no '{segment.Name}'";
    }
}

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
