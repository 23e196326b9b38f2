using Microsoft.Extensions.AI;

namespace Declarative;

// Runs that are part of a larger run (a reflection loop's producer and critic, a judge): their steps
// are recorded in the larger run's trace, and its budget counts their spending.
public sealed partial class AgentRunner
{
    /// <summary>Runs a typed agent as part of a larger run whose trace is <paramref name="parent"/>.</summary>
    internal Task<AgentRunResult<TOutput>> RunPartAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages, AgentRunOptions options,
                                                                 RunTraceBuilder parent, CancellationToken cancellationToken)
        => RunTypedAsync(agent, messages, options, parent, cancellationToken);
}
