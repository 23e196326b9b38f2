using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

// Hand-off and group-chat runs take their turns through a CompositionTurnRunner; inside AgentRunner.RunAsync each
// turn is a child of the composition's run: one AgentInvocationStep in its trace, its spending counted against the
// budget, the run's invocation limit shared.
internal static class CompositionTurns
{
    public static CompositionTurnRunner InContext<TOutput>(CompositionContext context)
        => async (agent, participant, messages, cancellationToken) =>
        {
            var trace = context.Trace;
            var index = trace.Reserve();
            var started = trace.Clock.Timestamp();
            AgentRunResult result;
            if ((context.Tree.TryStart(participant) ?? context.Options.Budget?.Exceeded(trace.Usage, trace.Cost)) is { } refused)
            {
                var status = context.Tree.Invocations > context.Tree.MaxInvocations ? AgentRunStatus.InvocationLimitReached : AgentRunStatus.BudgetExceeded;
                result = new AgentRunResult(status, refused, null, messages, new RunTrace { AgentName = participant, Status = status, Reason = refused, StartedAt = trace.TimeAt(started) });
            }
            else
            {
                var options = context.Options with { Budget = ChildRun.Remaining(context.Options.Budget, trace.Usage, trace.Cost), Guardrails = [] };
                try
                {
                    result = agent switch
                    {
                        IAgent<TOutput> typed when typeof(TOutput) != typeof(string) => await context.Runner.RunAsync(typed, messages, options, cancellationToken).ConfigureAwait(false),
                        IAgent<RubricVerdict> judge => await context.Runner.RunAsync(judge, messages, options, cancellationToken).ConfigureAwait(false),
                        _ => await context.Runner.RunAsync(agent, messages, options, cancellationToken).ConfigureAwait(false),
                    };
                }
                catch (OperationCanceledException)
                {
                    ChildRun.Record(trace, index, 1, started, participant, new RunTrace { AgentName = participant, Status = AgentRunStatus.TimedOut, Reason = "cancelled" },
                                    AgentRunStatus.TimedOut, "cancelled");
                    throw;
                }
            }
            ChildRun.Record(trace, index, 1, started, participant, result.Trace, result.Status, result.Reason);
            return result;
        };

    public static CompositionBody<TInput, TOutput> HandOff<TInput, TOutput>(HandOffRun<TInput, TOutput> plan)
        => async (context, input, cancellationToken) =>
            End(await plan.RunAsync(InContext<TOutput>(context), input, context.Options.MaxAgentInvocations, cancellationToken).ConfigureAwait(false));

    public static CompositionBody<TInput, TOutput> GroupChat<TInput, TOutput>(GroupChatRun<TInput, TOutput> plan)
        => async (context, input, cancellationToken) =>
            End(await plan.RunAsync(InContext<TOutput>(context), input, cancellationToken).ConfigureAwait(false));

    private static CompositionEnd<TOutput> End<TOutput>(ConversationOutcome<TOutput> outcome)
        => new(outcome.Status, outcome.Reason, outcome.IsCompleted ? null : outcome.Turns.Count > 0 ? outcome.Turns[^1].Participant : null,
               outcome.Output, outcome.Text, outcome.Messages);
}
