namespace Declarative;

/// <summary>
/// Declares a hand-off composition on a <c>partial</c> class: the first <see cref="UseAgentAttribute"/> member
/// takes the conversation; a participant may transfer it to the ones named in its
/// <see cref="UseAgentAttribute.HandOffTo"/> through generated <c>transfer_to_&lt;name&gt;</c> tools whose
/// arguments are the target's typed input. The receiving agent's instructions and tools take over.
/// </summary>
/// <remarks>
/// Checked at build time: every target is a participant; when <see cref="OutputType"/> is set, only participants
/// answering with that type can finish, and every participant the entry can reach must have a path to one; a
/// graph with a cycle needs <see cref="MaxHandOffs"/>.
/// </remarks>
/// <example>
/// <code>
/// [HandOff(OutputType = typeof(CustomerReply), MaxHandOffs = 4)]
/// public partial class CustomerService(
///     [UseAgent(HandOffTo = ["OrdersAgent", "ReturnsAgent"])] TriageAgent triage,
///     [UseAgent] OrdersAgent orders,
///     [UseAgent] ReturnsAgent returns);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HandOffAttribute : Attribute
{
    /// <summary>The composition's name (in traces and spans); the class name when omitted.</summary>
    public string? Name { get; init; }

    /// <summary>What the composition does.</summary>
    public string? Description { get; init; }

    /// <summary>The result's type: only participants answering with it can finish. Text when omitted (any participant can finish).</summary>
    public Type? OutputType { get; init; }

    /// <summary>The most transfers in one run; 0 (the default) means no limit, which a graph with a cycle may not have.</summary>
    public int MaxHandOffs { get; init; }
}
