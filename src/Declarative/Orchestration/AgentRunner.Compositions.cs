using Declarative.Orchestration;
using Declarative.Streaming;

namespace Declarative;

// The one entry point for any composition: its run owns the options, the budget across all its agents, the
// trace tree and the invoke_workflow span; the composition's executor runs its participants as child runs.
public sealed partial class AgentRunner
{
    /// <summary>Runs a composition of agents (sequential, parallel, hand-off, group chat) on its input.</summary>
    /// <typeparam name="TInput">What the composition takes (<see cref="string"/> for a text message).</typeparam>
    /// <typeparam name="TOutput">What it produces (<see cref="string"/> for text).</typeparam>
    /// <param name="composition">The composition: a generated composition class, or one built with <see cref="Composition"/>'s builders.</param>
    /// <param name="input">Its input.</param>
    /// <param name="options">
    /// Options for every agent run in it (limits per run; <see cref="AgentRunOptions.Budget"/> across all agents;
    /// <see cref="AgentRunOptions.MultiAgent"/> for the coordination limits); the runner's defaults when null.
    /// </param>
    /// <param name="cancellationToken">Stops every agent of the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>How it ended, its result and its trace tree. Failures of agents are statuses, never exceptions.</returns>
    public Task<CompositionRunResult<TOutput>> RunAsync<TInput, TOutput>(IComposition<TInput, TOutput> composition, TInput input, AgentRunOptions? options = null,
                                                                         CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var built = composition.Composition ?? throw new ArgumentException("The composition has no checked Composition.", nameof(composition));
        return RunCompositionAsync(built, input, options, updates: null, cancellationToken).WaitAsync(cancellationToken);
    }

    private async Task<CompositionRunResult<TOutput>> RunCompositionAsync<TInput, TOutput>(Composition<TInput, TOutput> composition, TInput input,
                                                                                           AgentRunOptions? options, RunUpdateSink? updates,
                                                                                           CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= _defaults;
        var trace = new RunTraceBuilder(composition.Name, options.TimeProvider, capacity: composition.Participants.Count + 2, concurrentStarts: true)
        {
            Updates = updates,
        };
        var scope = new OrchestrationScope(this, options);
        using var activity = WorkflowActivity.Start(composition);
        var outcome = await composition.Executor(new CompositionContext(composition, scope, trace), ParticipantInput.FromValue(input), cancellationToken)
            .ConfigureAwait(false);
        TOutput? output = default;
        if (outcome.Status == CompositionRunStatus.Completed)
        {
            if (outcome.Output is TOutput typed)
            {
                output = typed;
            }
            else if (outcome.Output is not null || typeof(TOutput) != typeof(string))
            {
                outcome = CompositionOutcome.Stopped(CompositionRunStatus.InvalidHandOver,
                    $"the result is {outcome.Output?.GetType().Name ?? "nothing"}, not {typeof(TOutput).Name}");
            }
        }
        var published = trace.Build(outcome.TraceStatus, outcome.Reason);
        WorkflowActivity.End(activity, published, outcome);
        return new CompositionRunResult<TOutput>(outcome.Status, outcome.Reason, outcome.FailedAgent, outcome.FailedAgentStatus, output, outcome.Text, published)
        {
            Ending = outcome.Ending,
        };
    }
}
