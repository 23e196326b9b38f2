using System.Text;

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

    // The arguments without insignificant whitespace, so "the same arguments" does not depend on formatting: one
    // pass over the bytes, copying everything inside strings and everything outside them but spaces, tabs and newlines.
    internal static string Canonical(ReadOnlySpan<byte> arguments)
    {
        Span<byte> small = stackalloc byte[256];
        var buffer = arguments.Length <= small.Length ? small : new byte[arguments.Length];
        var length = 0;
        var inString = false;
        var escaped = false;
        foreach (var b in arguments)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;            // the character after a backslash, whatever it is
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                continue;
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            buffer[length++] = b;
        }
        return Encoding.UTF8.GetString(buffer[..length]);
    }

    private sealed class Delegation(string firstCallId)
    {
        public string FirstCallId { get; } = firstCallId;

        public int Repeats { get; set; }
    }
}
