using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Serialization;

/// <summary>Schemas for types the generator leaves to System.Text.Json, built once at run time.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolSchemas
{
    /// <summary>The serializer options used when a class names no <c>[ToolJsonSerializer]</c> context.</summary>
    public static JsonSerializerOptions DefaultSerializerOptions => AIJsonUtilities.DefaultOptions;

    /// <summary>The JSON schema System.Text.Json describes for <paramref name="type"/>, as compact text.</summary>
    /// <param name="type">The type.</param>
    /// <param name="options">Serializer options whose resolver knows the type.</param>
    public static string For(Type type, JsonSerializerOptions options)
        => AIJsonUtilities.CreateJsonSchema(type, serializerOptions: options).GetRawText();
}
