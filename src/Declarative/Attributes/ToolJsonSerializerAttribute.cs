using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>
/// Names the <see cref="JsonSerializerContext"/> that reads and writes the types of this class's tools
/// that the generator cannot describe itself (interfaces, abstract classes, types with custom
/// converters). Without it such types go through <c>AIJsonUtilities.DefaultOptions</c>, which uses
/// reflection and is not safe under trimming or Native AOT (diagnostic DCL0011).
/// </summary>
/// <remarks>The context type must have a static <c>Default</c> property, as generated contexts do.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ToolJsonSerializerAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="contextType">A <see cref="JsonSerializerContext"/> type with a static <c>Default</c> property.</param>
    public ToolJsonSerializerAttribute(Type contextType) => ContextType = contextType;

    /// <summary>The <see cref="JsonSerializerContext"/> type.</summary>
    public Type ContextType { get; }
}
