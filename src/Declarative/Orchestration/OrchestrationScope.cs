using System.Text;
using System.Text.Json;

namespace Declarative.Orchestration;

/// <summary>
/// What every agent of one multi-agent run shares, however deep it is nested: the runner, the options, the
/// count of agent invocations (<see cref="MultiAgentLimits.MaxAgentInvocations"/>) and the delegations each
/// manager made (to catch a repeated identical delegation). Thread-safe: parallel branches share it.
/// </summary>
internal sealed class OrchestrationScope
{
    private readonly Dictionary<(RunTraceBuilder Manager, string Tool, string Arguments), Delegation> _delegations = [];
    private int _invocations;

    /// <summary>Creates the scope of a run.</summary>
    public OrchestrationScope(AgentRunner runner, AgentRunOptions options)
    {
        Runner = runner;
        Options = options;
    }

    /// <summary>The runner: every nested run uses its models.</summary>
    public AgentRunner Runner { get; }

    /// <summary>The options of every agent run in the scope (limits per run, the budget across all).</summary>
    public AgentRunOptions Options { get; }

    /// <summary>The coordination limits.</summary>
    public MultiAgentLimits Limits => Options.MultiAgent;

    /// <summary>How many agent invocations have started.</summary>
    public int Invocations => Volatile.Read(ref _invocations);

    /// <summary>Counts one agent invocation; returns why it may not run when the limit is reached, else null.</summary>
    public string? TryStartInvocation(string agentName)
    {
        var count = Interlocked.Increment(ref _invocations);
        return count > Limits.MaxAgentInvocations
            ? $"the run reached its limit of {Limits.MaxAgentInvocations} agent invocations, so '{agentName}' was not run"
            : null;
    }

    /// <summary>
    /// Records a manager's delegation: returns how many times before the same manager delegated the same work
    /// (same tool, same arguments up to whitespace) and the call id of the first, or 0 for new work.
    /// </summary>
    public (int Repeats, string? FirstCallId) Delegate(RunTraceBuilder manager, string toolName, ReadOnlySpan<byte> arguments, string callId)
    {
        var key = (manager, toolName, Canonical(arguments));
        lock (_delegations)
        {
            if (_delegations.TryGetValue(key, out var seen))
            {
                seen.Repeats++;
                return (seen.Repeats, seen.FirstCallId);
            }
            _delegations[key] = new Delegation(callId);
            return (0, null);
        }
    }

    // The arguments without insignificant whitespace, so "the same arguments" does not depend on formatting.
    private static string Canonical(ReadOnlySpan<byte> arguments)
    {
        try
        {
            var reader = new Utf8JsonReader(arguments);
            using var document = JsonDocument.ParseValue(ref reader);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(arguments.Length);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                document.RootElement.WriteTo(writer);
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(arguments);
        }
    }

    private sealed class Delegation(string firstCallId)
    {
        public string FirstCallId { get; } = firstCallId;

        public int Repeats { get; set; }
    }
}
