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

    /// <summary>Runs a composition, streaming what its agents do as it happens, each update tagged with the agent that produced it.</summary>
    /// <typeparam name="TInput">What the composition takes.</typeparam>
    /// <typeparam name="TOutput">What it produces.</typeparam>
    /// <param name="composition">The composition.</param>
    /// <param name="input">Its input.</param>
    /// <param name="options">Options for every agent run in it; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops every agent (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>
    /// Every agent's updates (<see cref="AgentRunUpdate.AgentName"/> names the agent: its text as it arrives, its model and tool
    /// calls), an <see cref="AgentInvocationFinished"/> as each invocation ends, and last a <see cref="CompositionCompleted"/>.
    /// Leaving the enumeration early stops the run.
    /// </returns>
    public IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync<TInput, TOutput>(IComposition<TInput, TOutput> composition, TInput input,
                                                                              AgentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var built = composition.Composition ?? throw new ArgumentException("The composition has no checked Composition.", nameof(composition));
        return StreamCompositionAsync(built, input, options, cancellationToken);
    }

    private async IAsyncEnumerable<AgentRunUpdate> StreamCompositionAsync<TInput, TOutput>(Composition<TInput, TOutput> composition, TInput input,
                                                                                          AgentRunOptions? options,
                                                                                          [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sink = new RunUpdateSink();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = ProduceCompositionAsync(composition, input, options, sink, stop.Token);
        var batch = new List<AgentRunUpdate>();
        try
        {
            while (true)
            {
                if (sink.TryTake(ref batch))
                {
                    foreach (var update in batch)
                    {
                        yield return update;
                    }
                    batch.Clear();
                    continue;
                }
                if (!await sink.WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            await run.ConfigureAwait(false);
        }
        finally
        {
            if (!run.IsCompleted)
            {
                // Left early or cancelled: stop every agent, and let the run unwind before its token source goes.
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Expected: the run was stopped.
                }
            }
        }
    }

    private async Task ProduceCompositionAsync<TInput, TOutput>(Composition<TInput, TOutput> composition, TInput input, AgentRunOptions? options,
                                                                RunUpdateSink sink, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunCompositionAsync(composition, input, options, sink, cancellationToken).ConfigureAwait(false);
            sink.Report(new CompositionCompleted(result.Status, result.Reason, result.FailedAgent, result.Output, result.Text, result.Trace));
        }
        finally
        {
            sink.Close();
        }
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
