using Microsoft.Extensions.AI;

namespace Declarative;

// Runs of agents with a typed input: the input is rendered by the agent itself (JSON, or its [InputTemplate] method).
public sealed partial class AgentRunner
{
    // The registry, for the reflection loops of participants with checks.
    internal ModelRegistry Models => _models;

    /// <summary>
    /// Runs an agent with a typed input and a typed answer: the input is rendered for the model by the agent
    /// (<see cref="IAgentWithInput{TInput}.FormatInput"/>: JSON, or its <see cref="InputTemplateAttribute"/> method).
    /// </summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The input.</param>
    /// <param name="options">Options for this run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    public Task<AgentRunResult<TOutput>> RunAsync<TInput, TOutput>(IAgent<TInput, TOutput> agent, TInput input, AgentRunOptions? options = null,
                                                                   CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return RunAsync(agent, [new ChatMessage(ChatRole.User, agent.FormatInput(input))], options, cancellationToken);
    }

    /// <summary>Runs an agent with a typed input and a text answer.</summary>
    /// <typeparam name="TInput">The input's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The input.</param>
    /// <param name="options">Options for this run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    public Task<AgentRunResult> RunAsync<TInput>(IAgentWithInput<TInput> agent, TInput input, AgentRunOptions? options = null,
                                                 CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return RunAsync(agent, [new ChatMessage(ChatRole.User, agent.FormatInput(input))], options, cancellationToken);
    }
}
