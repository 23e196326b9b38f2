namespace Declarative.Orchestration;

// Owned by the group chat runner's author: builds (checks) and runs a group chat.
internal static class GroupChatComposition
{
    /// <summary>Checks and builds a group chat (<see cref="Composition.GroupChat{TInput, TOutput}"/>).</summary>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, GroupChatOptions options, Participant[] participants)
        => throw new NotImplementedException("multi-agent runtime: group chat in progress");
}
