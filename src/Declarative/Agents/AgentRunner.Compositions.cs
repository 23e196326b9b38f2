using System.Diagnostics;
using Declarative.Orchestration;
using Microsoft.Extensions.AI;

namespace Declarative;

// Runs of several agents: compositions (one entry point for every kind) and the nested runs of specialists,
// stages, branches and participants.
public sealed partial class AgentRunner
{
    internal ModelRegistry Models => _models;

    /// <summary>
    /// Runs a composition of agents — a pipeline, a parallel fan-out, a hand-off desk, a group chat — on its typed input.
    /// Every agent run is a nested run: the options' budget and <see cref="AgentRunOptions.MaxAgentInvocations"/> hold
    /// across all of them, and the trace is a tree with one <see cref="AgentInvocationStep"/> per agent run.
    /// </summary>
    /// <typeparam name="TInput">What the composition is given.</typeparam>
    /// <typeparam name="TOutput">What it produces.</typeparam>
    /// <param name="composition">The composition (a generated composition class, or one built with <see cref="Composition"/>).</param>
    /// <param name="input">The input.</param>
    /// <param name="options">Options for every agent's run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops every agent's run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The result; a failing agent is a status naming it, never an exception.</returns>
    public Task<CompositionRunResult<TOutput>> RunAsync<TInput, TOutput>(IComposition<TInput, TOutput> composition, TInput input, AgentRunOptions? options = null,
                                                                        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(composition);
        return RunCompositionAsync(composition.Composition, input, options ?? _defaults, cancellationToken).WaitAsync(cancellationToken);
    }

    private async Task<CompositionRunResult<TOutput>> RunCompositionAsync<TInput, TOutput>(Composition<TInput, TOutput> composition, TInput input,
                                                                                          AgentRunOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var trace = new RunTraceBuilder(composition.Name, options.TimeProvider, capacity: Math.Max(4, composition.Participants.Count * 2), concurrentStarts: true);
        using var activity = WorkflowActivity.Start(composition.Name, composition.Kind);
        using var runTimeout = options.RunTimeout is { } limit ? new CancellationTokenSource(limit, options.TimeProvider) : null;
        using var linked = runTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var context = new CompositionContext(this, options, trace, new RunTree(options.MaxAgentInvocations));
        CompositionEnd<TOutput> end;
        try
        {
            end = await composition.Body(context, input, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runTimeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            end = new CompositionEnd<TOutput>(AgentRunStatus.TimedOut, $"the run took longer than its limit of {options.RunTimeout}", null, default, null, []);
        }
        var built = trace.Build(end.Status, end.Reason);
        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.InputTokens, built.Usage.InputTokens);
                activity.AddTag(DeclarativeTelemetry.Tags.OutputTokens, built.Usage.OutputTokens);
            }
            if (end.Status != AgentRunStatus.Completed)
            {
                activity.SetTag(DeclarativeTelemetry.Tags.ErrorType, end.Status.ToString());
                activity.SetStatus(ActivityStatusCode.Error, end.Reason);
            }
        }
        return new CompositionRunResult<TOutput>(end.Status, end.Reason, end.FailedAgent, end.Output, end.Text, end.Messages, built);
    }

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

    // An agent's run as part of a larger one: its own trace (the caller hangs it under its node), the shared tree.
    internal async Task<ChildOutcome> RunChildAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree,
                                                    CancellationToken cancellationToken)
    {
        var run = await RunCoreAsync(agent, messages, options, reader: null, parent: null, cancellationToken, updates: null, tree).ConfigureAwait(false);
        return new ChildOutcome(run.Status, run.Reason, run.Text, null, null, run.Trace, run.Messages);
    }

    internal async Task<ChildOutcome> RunChildAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages, AgentRunOptions options, RunTree tree,
                                                             CancellationToken cancellationToken)
    {
        var run = await RunCoreAsync(agent, messages, options, ReaderFor(agent), parent: null, cancellationToken, updates: null, tree).ConfigureAwait(false);
        var completed = run.Status == AgentRunStatus.Completed;
        return new ChildOutcome(run.Status, run.Reason, run.Text, completed ? run.Output : null,
                                completed && run.Text is not null ? CodeFence.Strip(run.Text) : null, run.Trace, run.Messages);
    }
}

internal static class WorkflowActivity
{
    public static Activity? Start(string name, CompositionKind kind)
    {
        if (!DeclarativeTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }
        var activity = DeclarativeTelemetry.ActivitySource.StartActivity("invoke_workflow " + name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "invoke_workflow");
            activity.AddTag("declarative.workflow.name", name);
            activity.AddTag("declarative.workflow.kind", kind.ToString());
        }
        return activity;
    }
}
