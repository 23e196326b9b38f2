using Declarative.Orchestration;
using Microsoft.Extensions.AI;

namespace Declarative;

// A manager's call to a specialist's tool (AgentTool): instead of invoking a tool, the loop's tool-call step
// runs the specialist as a nested run with this runner, its models, options, budget, trace and stream. What
// the manager gets back is a tool result: the specialist's answer, or an error it can act on.
public sealed partial class AgentRunner
{
    private static async ValueTask<(ToolInvocation.Outcome Outcome, AgentInvocationStep? Step)> DelegateAsync(
        SpecialistToolSet specialist, FunctionCallContent call, CallSlot slot, RunState run, byte[] arguments, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(run);
        var participant = specialist.Participant;
        var (repeats, firstCallId) = scope.Delegate(run.Trace, specialist.Name, arguments, call.CallId);
        if (repeats > 0)
        {
            if (repeats > scope.Limits.MaxRepeatedDelegations)
            {
                var loop = $"'{run.Agent.Descriptor.Name}' delegated the same work to '{participant.Name}' {repeats + 1} times (the arguments of call '{firstCallId}'): a delegation loop";
                run.Stopped ??= new TrippedGuardrail(loop, AgentRunStatus.DelegationLoop);
                return (Ended(run, ToolResult.Failure("$", loop + "; the run stops")), null);
            }
            return (Ended(run, ToolResult.Failure("$",
                $"'{specialist.Name}' was already called with these same arguments (call '{firstCallId}'), so it was not run again: use that answer, or ask for something different")), null);
        }
        if (!specialist.TryReadRequest(arguments, out var input, out var errors) || !participant.TryRender(input, out var message, out errors))
        {
            return (Ended(run, ToolResult.Failure(errors)), null);
        }
        var outcome = await run.Runner.RunChildAsync(participant, [new ChatMessage(ChatRole.User, message)], message, scope,
            new ChildPlace(run.Trace, slot.Index, slot.Iteration, call.CallId, Fill: false), cancellationToken).ConfigureAwait(false);
        if (outcome.Completed)
        {
            return (Ended(run, SpecialistToolSet.Result(outcome)), outcome.Step);
        }
        if (outcome.Status == AgentRunStatus.AgentInvocationLimitReached)
        {
            run.Stopped ??= new TrippedGuardrail(outcome.Reason!, AgentRunStatus.AgentInvocationLimitReached);
        }
        var failure = $"the specialist '{participant.Name}' did not finish: {outcome.Status}"
            + (outcome.Reason is null ? "" : " (" + outcome.Reason + ")")
            + ". Try again with a clearer or smaller request, another specialist, or answer with what you have.";
        return (Ended(run, ToolResult.Failure("$", failure)), outcome.Step);
    }

    private static ToolInvocation.Outcome Ended(RunState run, ToolResult result) => new(result, TimedOut: false, run.Clock.Timestamp(), Inline: false);

    // The scope of the multi-agent run: given to a child run; made by a top-level manager when it first delegates.
    private static OrchestrationScope ScopeOf(RunState run)
    {
        if (run.Scope is { } scope)
        {
            return scope;
        }
        lock (run)
        {
            return run.Scope ??= new OrchestrationScope(run.Runner, run.Options);
        }
    }
}
