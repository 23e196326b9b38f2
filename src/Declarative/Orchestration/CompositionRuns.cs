using System.Runtime.CompilerServices;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>
/// The run plans of hand-off and group-chat compositions, kept beside the composition objects they were
/// checked for, and the way their agent turns are run.
/// </summary>
internal static class CompositionRuns
{
    private static readonly ConditionalWeakTable<Composition, object> Plans = [];

    /// <summary>Remembers the run plan of a composition just built.</summary>
    public static Composition<TInput, TOutput> With<TInput, TOutput>(Composition<TInput, TOutput> composition, object plan)
    {
        Plans.Add(composition, plan);
        return composition;
    }

    /// <summary>The hand-off plan of a composition, or null.</summary>
    public static HandOffRun<TInput, TOutput>? HandOffOf<TInput, TOutput>(Composition<TInput, TOutput> composition)
        => Plans.TryGetValue(composition, out var plan) ? plan as HandOffRun<TInput, TOutput> : null;

    /// <summary>The group-chat plan of a composition, or null.</summary>
    public static GroupChatRun<TInput, TOutput>? GroupChatOf<TInput, TOutput>(Composition<TInput, TOutput> composition)
        => Plans.TryGetValue(composition, out var plan) ? plan as GroupChatRun<TInput, TOutput> : null;

    /// <summary>
    /// Runs turns as separate runs of <paramref name="runner"/>: typed when the agent answers with the
    /// composition's result or is a judge.
    /// </summary>
    public static CompositionTurnRunner Direct<TOutput>(AgentRunner runner, AgentRunOptions? options)
        => async (agent, participant, messages, cancellationToken) => agent switch
        {
            IAgent<TOutput> typed when typeof(TOutput) != typeof(string) => await runner.RunAsync(typed, messages, options, cancellationToken).ConfigureAwait(false),
            IAgent<RubricVerdict> judge => await runner.RunAsync(judge, messages, options, cancellationToken).ConfigureAwait(false),
            _ => await runner.RunAsync(agent, messages, options, cancellationToken).ConfigureAwait(false),
        };

    /// <summary>Runs a hand-off or group-chat composition with turns as separate runs (until the framework's child runs are in).</summary>
    public static Task<ConversationOutcome<TOutput>> RunAsync<TInput, TOutput>(AgentRunner runner, Composition<TInput, TOutput> composition, TInput input,
                                                                            AgentRunOptions? options = null, int maxInvocations = 20,
                                                                            CancellationToken cancellationToken = default)
    {
        var turns = Direct<TOutput>(runner, options);
        if (HandOffOf(composition) is { } handOff)
        {
            return handOff.RunAsync(turns, input, maxInvocations, cancellationToken);
        }
        if (GroupChatOf(composition) is { } chat)
        {
            return chat.RunAsync(turns, input, cancellationToken);
        }
        throw new InvalidOperationException($"{composition.Name} is not a hand-off or group-chat composition");
    }
}
