using System.Text.Json;

namespace Declarative.Planning;

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
