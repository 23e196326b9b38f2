namespace Declarative.Orchestration;

// What every run of one top-level run shares, however deep the nesting and however many branches run at once:
// how many agent runs have been started (bounded by AgentRunOptions.MaxAgentInvocations) and which delegations
// have been made (a manager asking one specialist the same thing twice is going in circles).
internal sealed class RunTree(int maxAgentInvocations)
{
    private readonly HashSet<string> _delegations = new(StringComparer.Ordinal);
    private int _invocations;

    public int Invocations => Volatile.Read(ref _invocations);

    public int MaxInvocations { get; } = maxAgentInvocations;

    // Counts one more agent run; the reason it may not start, or null.
    public string? TryStart(string agentName)
    {
        var count = Interlocked.Increment(ref _invocations);
        return count > MaxInvocations
            ? $"'{agentName}' would be agent run {count} of this run; the limit is {MaxInvocations} (AgentRunOptions.MaxAgentInvocations)"
            : null;
    }

    // Whether this exact delegation was made before in this run (and records it).
    public bool IsRepeat(string specialist, ReadOnlySpan<byte> arguments)
    {
        var key = specialist + "\n" + System.Text.Encoding.UTF8.GetString(arguments);
        lock (_delegations)
        {
            return !_delegations.Add(key);
        }
    }
}
