using System.Text.Json.Serialization;

namespace Declarative;

// The trace's JSON format: camelCase, indented, nulls left out, enums as names.
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunTrace))]
internal sealed partial class TraceJsonContext : JsonSerializerContext;
