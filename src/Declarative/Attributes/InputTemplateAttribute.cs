namespace Declarative;

/// <summary>
/// Marks the method of an <c>[Agent]</c> with a typed input (<see cref="AgentAttribute.InputType"/>) that renders
/// the input as the message the model sees, instead of the default JSON. It takes the input and returns a
/// <see cref="string"/>.
/// </summary>
/// <example>
/// <code>
/// [InputTemplate]
/// public static string Render(BriefRequest request) => $"Write a brochure about {request.Product} for {request.Audience}.";
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InputTemplateAttribute : Attribute
{
}
