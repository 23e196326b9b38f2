using Declarative.Orchestration;
using Microsoft.Extensions.AI;

namespace Declarative;

// Child runs of a multi-agent run: a specialist a manager delegates to, a participant of a composition. Each
// runs the agent's own loop (its tools, model, limits, checks) with its own trace builder, linked to the
// parent's so that budgets count its spending, and is recorded as one AgentInvocationStep holding its steps.
public sealed partial class AgentRunner
{
    /// <summary>Where a child run hangs in its parent's trace.</summary>
    /// <param name="Trace">The parent's trace builder (its usage and cost take the child's too).</param>
    /// <param name="Index">The child's step index in the parent's trace (reserved by the caller).</param>
    /// <param name="Iteration">The parent's iteration (a manager's turn, a composition's stage or round).</param>
    /// <param name="CallId">The manager's tool call that delegated, or null.</param>
    /// <param name="Fill">Whether to fill the step into <paramref name="Trace"/> at <paramref name="Index"/> (false for a specialist, whose step goes into its tool call's).</param>
    internal readonly record struct ChildPlace(RunTraceBuilder Trace, int Index, int Iteration, string? CallId, bool Fill);

    /// <summary>
    /// Runs <paramref name="participant"/>'s agent as a child of a larger run, on <paramref name="messages"/>
    /// (the rendered input as a user message, a hand-off's conversation, a group chat's transcript). Counts one
    /// agent invocation against the scope's limit (past it the agent does not run, and the outcome says so),
    /// records the invocation, and returns its outcome. Throws only <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="participant">Who runs.</param>
    /// <param name="messages">The conversation it is given (without its instructions, which are added).</param>
    /// <param name="input">The input message as text, for the trace (null when the conversation is the input).</param>
    /// <param name="scope">The run's shared scope.</param>
    /// <param name="place">Where its node goes in the parent's trace.</param>
    /// <param name="cancellationToken">Stops it.</param>
    internal async Task<ChildOutcome> RunChildAsync(Participant participant, IEnumerable<ChatMessage> messages, string? input, OrchestrationScope scope,
                                                    ChildPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(scope);
        var name = participant.Name;
        var options = scope.Options;
        var parent = place.Trace;
        if (scope.TryStartInvocation(name) is { } refusal)
        {
            var notRun = new RunTrace { AgentName = name, StartedAt = parent.Now(), Status = AgentRunStatus.AgentInvocationLimitReached, Reason = refusal };
            return Record(participant, place, input, notRun, null, null, []);
        }
        if (participant.Reflect(this, messages, options, cancellationToken) is { } reflecting)
        {
            // An agent with checks or a critic runs its reflection loop: every round's steps hang under its node.
            var reflected = await reflecting.ConfigureAwait(false);
            parent.AddUsage(reflected.Trace.Usage, reflected.Trace.Cost);
            var accepted = reflected.Trace.Status == AgentRunStatus.Completed;
            return Record(participant, place, input, reflected.Trace, reflected.Text, accepted ? reflected.Output : null, reflected.Messages,
                          accepted && reflected.Text is not null ? CodeFence.Strip(reflected.Text) : null);
        }
        var trace = new RunTraceBuilder(name, options.TimeProvider, capacity: 8) { Parent = parent, Updates = parent.Updates?.ForAgent(name) };
        var run = await RunCoreAsync(participant.Agent, messages, options, participant.Reader, parent: null, cancellationToken,
            child: new ChildRunContext(scope, trace)).ConfigureAwait(false);
        var completed = run.Status == AgentRunStatus.Completed;
        var json = completed && participant.Reader is not null ? CodeFence.Strip(run.Text ?? "") : null;
        return Record(participant, place, input, run.Trace, run.Text, completed ? run.Output : null, run.Messages, json);
    }

    /// <summary>Runs a participant on an input it is given: renders it (a typed input read from JSON, every error with its path), then runs it.</summary>
    /// <returns>The outcome; or null and the errors, path-addressed, when the input could not be read (the agent did not run and nothing was recorded).</returns>
    internal async Task<(ChildOutcome? Outcome, IReadOnlyList<ToolError> Errors)> RunChildOnInputAsync(Participant participant, ParticipantInput input,
                                                                                                       OrchestrationScope scope, ChildPlace place,
                                                                                                       CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (!participant.TryRender(input, out var message, out var errors))
        {
            return (null, errors);
        }
        var outcome = await RunChildAsync(participant, [new ChatMessage(ChatRole.User, message)], message, scope, place, cancellationToken).ConfigureAwait(false);
        return (outcome, []);
    }

    private static ChildOutcome Record(Participant participant, ChildPlace place, string? input, RunTrace trace, string? text, object? output,
                                       IReadOnlyList<ChatMessage> messages, string? outputJson = null)
    {
        var step = new AgentInvocationStep
        {
            Index = place.Index,
            Iteration = place.Iteration,
            StartedAt = trace.StartedAt,
            Duration = trace.Duration,
            AgentName = participant.Name,
            CallId = place.CallId,
            Status = trace.Status,
            Reason = trace.Reason,
            Input = input,
            Text = text,
            Steps = trace.Steps,
            Usage = trace.Usage,
            Cost = trace.Cost,
        };
        if (place.Fill)
        {
            place.Trace.Fill(step);
        }
        return new ChildOutcome
        {
            Participant = participant,
            Status = trace.Status,
            Reason = trace.Reason,
            Text = text,
            Output = output,
            OutputJson = outputJson,
            Messages = messages,
            Trace = trace,
            Step = step,
        };
    }
}
