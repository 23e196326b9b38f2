namespace Declarative.Orchestration;

/// <summary>
/// Coordination safeguards for a run with several agents (<see cref="AgentRunOptions.MultiAgent"/>): they
/// hold across the whole run, however deep its agents are nested.
/// </summary>
public sealed record MultiAgentLimits
{
    /// <summary>The defaults: at most 50 agent invocations; a repeated identical delegation is refused once, then ends the run.</summary>
    public static MultiAgentLimits Default { get; } = new();

    /// <summary>
    /// The most agent invocations in one run: every specialist called by a manager and every participant run
    /// by a composition counts one. Past it, a manager's delegation is refused with a tool error and a
    /// composition stops with <see cref="CompositionRunStatus.AgentInvocationLimitReached"/>. Default 50.
    /// </summary>
    public int MaxAgentInvocations { get; init; } = 50;

    /// <summary>
    /// How many times a manager may repeat a delegation it was already refused as a repeat (the same
    /// specialist with the same arguments, a loop) before its run ends with <see cref="AgentRunStatus.DelegationLoop"/>.
    /// The first repeat is always refused with a tool error naming the earlier call. Default 1.
    /// </summary>
    public int MaxRepeatedDelegations { get; init; } = 1;
}
