using System.Text.Json;
using System.Text.Json.Serialization;

namespace Declarative.Evaluation;

/// <summary>
/// The JSON report: an <see cref="EvalResult"/> as indented, camelCase JSON with nulls left out and enums as names
/// (the trace's own format for the traces inside), described by <c>docs/eval-report.schema.json</c>. CI keeps it as
/// an artifact; the CLI reads one back as the baseline of a comparison.
/// </summary>
public static class EvalResultJson
{
    /// <summary>The schema version every report carries in <c>schemaVersion</c>.</summary>
    public const string SchemaVersion = "declarative.eval/1";

    /// <summary>Writes a result as JSON.</summary>
    /// <param name="result">The result.</param>
    public static string Write(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, EvalJsonContext.Default.EvalResult);
    }

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <exception cref="JsonException">The text is not a report of this schema version; the message says where.</exception>
    public static EvalResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("schemaVersion", out var version)
                || version.ValueKind != JsonValueKind.String)
            {
                throw new JsonException("$.schemaVersion: required; this is not a Declarative eval report.");
            }
            if (version.GetString() != SchemaVersion)
            {
                throw new JsonException($"$.schemaVersion: \"{version.GetString()}\" is not supported; this version reads \"{SchemaVersion}\".");
            }
        }
        return JsonSerializer.Deserialize(json, EvalJsonContext.Default.EvalResult)
            ?? throw new JsonException("$: the JSON text is null, not a report.");
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvalResult))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
