namespace Declarative;

/// <summary>
/// Declares an agent on a <c>partial</c> class: its instructions, the model it needs and, optionally,
/// a typed output. Its tools are its own <see cref="ToolAttribute"/> methods plus the tool sets of its
/// <see cref="UseToolsAttribute"/> members; the generator checks the whole list at compile time and
/// emits the descriptor and one merged dispatch table (the class becomes an <see cref="IAgent"/>).
/// </summary>
/// <example>
/// <code>
/// [Agent("You answer questions about the store's sunglasses.", Model = "small")]
/// public partial class SupportAgent([UseTools] StoreTools store);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AgentAttribute : Attribute
{
    /// <summary>Declares an agent whose instructions come from <see cref="InstructionsResource"/>.</summary>
    public AgentAttribute()
    {
    }

    /// <summary>Declares an agent with its instructions.</summary>
    /// <param name="instructions">The system instructions.</param>
    public AgentAttribute(string instructions) => Instructions = instructions;

    /// <summary>The system instructions given in the attribute.</summary>
    public string? Instructions { get; }

    /// <summary>
    /// The name of an embedded resource holding the instructions (for long prompts kept in a file:
    /// <c>&lt;EmbeddedResource Include="Prompts/support.md" LogicalName="support.md" /&gt;</c>).
    /// </summary>
    public string? InstructionsResource { get; set; }

    /// <summary>The agent's name; the class name when omitted.</summary>
    public string? Name { get; set; }

    /// <summary>What the agent does, for people and for managers that route to it.</summary>
    public string? Description { get; set; }

    /// <summary>A model id or a tier name (resolved by <see cref="ModelRegistry"/>), so cheap models can serve easy agents.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The type of the agent's structured answer. The model is asked for JSON matching its schema; the
    /// answer is read by generated code and, if invalid, sent back with its errors for a bounded number of retries.
    /// </summary>
    public Type? OutputType { get; set; }

    /// <summary>
    /// The type of the agent's typed input (a record or class from the same shapes as tool parameters).
    /// The input is shown to the model as JSON (or through the agent's <see cref="InputTemplateAttribute"/>
    /// method), its schema is known at compile time, and a manager or a pipeline hands the agent a value
    /// read and checked by generated code: a malformed hand-over is a path-addressed error, not a guess.
    /// </summary>
    public Type? InputType { get; set; }
}

/// <summary>
/// Gives an agent the tools of a member (field, property or primary-constructor parameter) whose type
/// is a generated tool set — or, on the class, of a static tool class (<c>[UseTools(typeof(MathTools))]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Class,
    AllowMultiple = true, Inherited = false)]
public sealed class UseToolsAttribute : Attribute
{
    /// <summary>Uses the tools of the annotated member.</summary>
    public UseToolsAttribute()
    {
    }

    /// <summary>Uses the tools of a static tool class (on the agent class).</summary>
    /// <param name="toolClass">A static partial class with <see cref="ToolAttribute"/> methods.</param>
    public UseToolsAttribute(Type toolClass) => ToolClass = toolClass;

    /// <summary>The static tool class, when used on the agent class.</summary>
    public Type? ToolClass { get; }
}
