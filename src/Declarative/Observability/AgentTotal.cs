namespace Declarative;

/// <summary>One agent's own share of a multi-agent run (<see cref="RunTrace.AgentTotals"/>): its model calls only, its nested agents' counted under their own names.</summary>
/// <param name="AgentName">The agent (its participant name; the top-level agent's name for the run's own).</param>
/// <param name="Invocations">How many times it ran.</param>
/// <param name="ModelCalls">Its model calls.</param>
/// <param name="Usage">The tokens of its model calls.</param>
/// <param name="Cost">Their cost, or null when some had no price.</param>
/// <param name="Duration">The time its invocations took, summed (its nested agents' time included; parallel invocations overlap).</param>
public sealed record AgentTotal(string AgentName, int Invocations, int ModelCalls, UsageTotals Usage, decimal? Cost, TimeSpan Duration);
