using Microsoft.Agents.AI;

namespace Declarative.AgentFramework;

/// <summary>Turns Declarative agents into Microsoft Agent Framework agents.</summary>
public static class DeclarativeAIAgentExtensions
{
    /// <summary>Wraps the agent as an <see cref="AIAgent"/> run by <paramref name="runner"/>.</summary>
    /// <param name="agent">The Declarative agent.</param>
    /// <param name="runner">The runner.</param>
    /// <param name="options">Options for every run; the runner's own if omitted.</param>
    /// <example><code>AIAgent step = new SupportAgent().AsAIAgent(new AgentRunner(chatClient));</code></example>
    public static DeclarativeAIAgent AsAIAgent(this IAgent agent, AgentRunner runner, AgentRunOptions? options = null)
        => new(agent, runner, options);
}
