namespace Declarative;

/// <summary>
/// Uses another agent (a field, property or primary-constructor parameter whose type is an
/// <c>[Agent]</c> class). What that means depends on where it appears:
/// <list type="bullet">
/// <item><description>on an <c>[Agent]</c> class, the agent becomes a <b>manager</b>: it gets one generated tool per
/// specialist (its name and description from the specialist's descriptor, its parameters the specialist's
/// input schema, its result the specialist's typed answer) and never the specialist's own tools;</description></item>
/// <item><description>on a <see cref="SequentialAttribute"/>, <see cref="ParallelAttribute"/>, <see cref="HandOffAttribute"/> or
/// <see cref="GroupChatAttribute"/> class, the agent is a participant, in declaration order.</description></item>
/// </list>
/// </summary>
/// <example>
/// <code>
/// [Agent("You plan the brochure and delegate research and design.")]
/// public partial class Editor([UseAgent] Researcher researcher, [UseAgent] Designer designer);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class UseAgentAttribute : Attribute
{
    /// <summary>Uses the agent under its own name.</summary>
    public UseAgentAttribute()
    {
    }

    /// <summary>Uses the agent under another name (the manager's tool name, the participant's name).</summary>
    /// <param name="name">The name.</param>
    public UseAgentAttribute(string name) => Name = name;

    /// <summary>
    /// The name, or <see langword="null"/> for the specialist's: a manager's tool is the snake_case of the
    /// agent's name, a participant is known by the agent's name.
    /// </summary>
    public string? Name { get; }

    /// <summary>What a manager is told the specialist does; the specialist's own description when omitted.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// In a <see cref="HandOffAttribute"/> composition: the names of the participants this one may transfer
    /// the conversation to (each becomes a generated <c>transfer_to_&lt;name&gt;</c> tool carrying the target's typed input).
    /// </summary>
    public string[]? HandOffTo { get; init; }

    /// <summary>In a <see cref="GroupChatAttribute"/> composition: a valid typed answer from this participant ends the chat and is its result.</summary>
    public bool Finishes { get; init; }
}
