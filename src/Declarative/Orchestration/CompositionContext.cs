using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

/// <summary>Runs a composition of one kind: given its context and input, runs its participants and says how it ended.</summary>
/// <param name="context">The run: its scope, trace and helpers to run participants.</param>
/// <param name="input">The composition's input.</param>
/// <param name="cancellationToken">Stops the run (throw <see cref="OperationCanceledException"/>).</param>
internal delegate Task<CompositionOutcome> CompositionExecutor(CompositionContext context, ParticipantInput input, CancellationToken cancellationToken);

/// <summary>
/// One run of a composition, as its executor sees it: the shared scope (runner, options, limits), the
/// composition's trace (steps may be reserved from several threads at once), and helpers that run a
/// participant as a child and record it as one <see cref="AgentInvocationStep"/> of this trace.
/// </summary>
internal sealed class CompositionContext
{
    /// <summary>Creates the context of one run.</summary>
    public CompositionContext(Composition composition, OrchestrationScope scope, RunTraceBuilder trace)
    {
        Composition = composition;
        Scope = scope;
        Trace = trace;
    }

    /// <summary>The composition.</summary>
    public Composition Composition { get; }

    /// <summary>The run's shared scope.</summary>
    public OrchestrationScope Scope { get; }

    /// <summary>The composition's trace: its steps are the agents' invocations (and any steps of the composition's own).</summary>
    public RunTraceBuilder Trace { get; }

    /// <summary>The runner.</summary>
    public AgentRunner Runner => Scope.Runner;

    /// <summary>The options of every agent run.</summary>
    public AgentRunOptions Options => Scope.Options;

    /// <summary>Why the budget (across all agents) is spent, or null when it is not (or there is none).</summary>
    public string? OverBudget()
    {
        if (Options.Budget is not { } budget)
        {
            return null;
        }
        var (usage, cost) = Trace.Spent();
        return budget.Exceeded(usage, cost);
    }

    /// <summary>Runs a participant on an input it is given (rendered for it; a typed input read from JSON), recorded as a step at <paramref name="iteration"/>.</summary>
    /// <returns>The outcome, or null with the path-addressed errors when the input could not be read (nothing ran).</returns>
    public Task<(ChildOutcome? Outcome, IReadOnlyList<ToolError> Errors)> RunOnInputAsync(Participant participant, ParticipantInput input, int iteration,
                                                                                          CancellationToken cancellationToken)
        => Runner.RunChildOnInputAsync(participant, input, Scope, Place(iteration), cancellationToken);

    /// <summary>Runs a participant on a conversation (a hand-off's, a group chat's transcript), recorded as a step at <paramref name="iteration"/>.</summary>
    public Task<ChildOutcome> RunOnMessagesAsync(Participant participant, IEnumerable<ChatMessage> messages, string? input, int iteration,
                                                 CancellationToken cancellationToken)
        => Runner.RunChildAsync(participant, messages, input, Scope, Place(iteration), cancellationToken);

    // A place in this trace, reserved now (so the trace keeps the order in which invocations started).
    private AgentRunner.ChildPlace Place(int iteration) => new(Trace, Trace.Reserve(), iteration, CallId: null, Fill: true);
}
