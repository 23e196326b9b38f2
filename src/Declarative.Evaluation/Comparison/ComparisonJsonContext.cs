using System.Text.Json.Serialization;

namespace Declarative.Evaluation;

// The comparison's JSON, with the report's conventions (EvalResultJson): camelCase, indented, nulls left out.
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvalComparison))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
