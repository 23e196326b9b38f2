using System.Text.Json.Serialization;

namespace Declarative.Serialization;

// Source-generated metadata for the few values the runtime itself serializes, so it stays AOT-safe.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SerializationContext : JsonSerializerContext;
