namespace Declarative.Orchestration;

// Owned by the hand-off runner's author: builds (checks) and runs a hand-off composition.
internal static class HandOffComposition
{
    /// <summary>Checks and builds a hand-off composition (<see cref="Composition.HandOff{TInput, TOutput}"/>).</summary>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, HandOffOptions options, Participant[] participants)
        => throw new NotImplementedException("multi-agent runtime: hand-off in progress");
}
