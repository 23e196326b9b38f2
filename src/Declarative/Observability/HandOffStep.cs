namespace Declarative;

/// <summary>
/// A transfer in a hand-off composition: the agent whose turn it was called a <c>transfer_to_&lt;name&gt;</c>
/// tool with a valid payload, and the target took over the conversation. It stands between the two agents'
/// agent invocations in the composition's trace.
/// </summary>
public sealed class HandOffStep : TraceStep
{
    /// <summary>The participant that handed the conversation on.</summary>
    public required string From { get; init; }

    /// <summary>The participant that took it over.</summary>
    public required string To { get; init; }

    /// <summary>The payload as the model gave it: the target's typed input as JSON, or <c>{"reason": ...}</c> for a text target.</summary>
    public required string Payload { get; init; }
}
