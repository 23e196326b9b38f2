using System.Text;
using Microsoft.Extensions.AI;

namespace Declarative;

// A tool call of the loop: approval, refusal of unknown tools and unparsed arguments, the shared
// tool-call step (ToolInvocation) under its span, and the call's trace record.
public sealed partial class AgentRunner
{
    // The place a call's step has in the trace, reserved when the turn starts it, and its turn.
    private readonly record struct CallSlot(int Index, int Iteration);

    private async Task<CallResult> ApproveThenRunAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                       SemaphoreSlim? exclusive, CancellationToken cancellationToken)
    {
        var arguments = ArgumentsJson.FromCall(call);
        var argumentsText = Encoding.UTF8.GetString(arguments);
        ToolApprovalDecision decision;
        run.Updates?.Report(new Streaming.ApprovalRequested(slot.Iteration, slot.Index, call.CallId, tool.Name, argumentsText));
        try
        {
            decision = await Approvals.DecideAsync(run.Options.ApprovalHandler,
                    new ToolApprovalRequest(run.Agent.Descriptor.Name, tool, call.CallId, argumentsText), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RecordCancelled(call, slot, run, run.Clock.Timestamp(), arguments, approved: null, approvalReason: null);
            throw;
        }
        run.Updates?.Report(new Streaming.ApprovalDecided(slot.Iteration, slot.Index, call.CallId, tool.Name, decision.Approved, decision.Reason));
        if (!decision.Approved)
        {
            var message = $"the call to '{tool.Name}' was not approved" + (decision.Reason is null ? "" : ": " + decision.Reason) + ". It did not run.";
            RecordNotRun(call, slot, run, ToolCallOutcome.Denied, [new ToolError("$", message)], arguments, new Approval(false, decision.Reason));
            return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
        }
        // The arguments approved are the arguments run: read once, passed on.
        var approval = new Approval(true, decision.Reason);
        return exclusive is null
            ? await InvokeToolAsync(call, tool, slot, run, arguments, approval, handedOff: 0, cancellationToken).ConfigureAwait(false)
            : await RunGatedAsync(call, tool, slot, run, exclusive, arguments, approval, cancellationToken).ConfigureAwait(false);
    }

    // The decision on an approval-required call that may run, for its trace record.
    private readonly record struct Approval(bool? Approved, string? Reason);

    private static CallResult Refuse(FunctionCallContent call, CallSlot slot, RunState run)
    {
        var tools = run.Tools;
        var available = new string[tools.Length];
        for (var i = 0; i < tools.Length; i++)
        {
            available[i] = tools[i].Name;
        }
        var refusal = ToolResult.UnknownTool(call.Name, available);
        RecordNotRun(call, slot, run, ToolCallOutcome.Refused, [.. refusal.Errors], ArgumentsJson.FromCall(call), default);
        var text = "Error: " + refusal.Errors[0].Message;
        return new CallResult(new FunctionResultContent(call.CallId, text), true, text);
    }

    // A chat client that could not parse a call's arguments reports it the Microsoft.Extensions.AI way:
    // FunctionCallContent.Exception set and Arguments null. Such a call must not run with "no arguments"
    // (a tool whose parameters are all optional would accept that). A client that also passed the raw
    // text on (our own scripted clients do) lets the generated reader say exactly what is wrong instead.
    private static bool IsMalformed(FunctionCallContent call)
        => call.Exception is not null && call.AdditionalProperties?.ContainsKey(ToolCallArguments.RawArgumentsKey) != true;

    private static CallResult RefuseMalformed(FunctionCallContent call, CallSlot slot, RunState run)
    {
        var message = $"the arguments of the call to '{call.Name}' could not be read as a JSON object ({call.Exception!.Message}); the tool did not run. Send the call again with valid JSON arguments.";
        RecordNotRun(call, slot, run, ToolCallOutcome.Failed, [new ToolError("$", message)], arguments: null, default);
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }

    // Runs one call through the shared tool-call step and records it. arguments: the call's arguments
    // when already read (for an approval), else null. handedOff: the end of the previous step, to start
    // from, or 0 to read the clock.
    private static ValueTask<CallResult> InvokeToolAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                         byte[]? arguments, Approval approval, long handedOff, CancellationToken cancellationToken)
    {
        arguments ??= ArgumentsJson.FromCall(call);
        // Most runs have no tool guardrail: their calls go straight to the tool, with one state machine.
        return run.HasToolGuardrails
            ? GuardThenRunToolAsync(call, tool, slot, run, arguments, approval, cancellationToken)
            : RunToolAsync(call, tool, slot, run, arguments, approval, handedOff, cancellationToken);
    }

    private static async ValueTask<CallResult> GuardThenRunToolAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                                     byte[] arguments, Approval approval, CancellationToken cancellationToken)
    {
        if (await GuardToolAsync(call, tool, slot, run, arguments, cancellationToken).ConfigureAwait(false) is { } stopped)
        {
            return stopped;
        }
        return await RunToolAsync(call, tool, slot, run, arguments, approval, handedOff: 0, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<CallResult> RunToolAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                            byte[] arguments, Approval approval, long handedOff, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var recorded = tool.HasSensitiveArguments ? AsRecorded(tool, arguments) : arguments;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? ToolActivity.Start(tool.Name, call.CallId, options.RecordContent ? Encoding.UTF8.GetString(recorded) : null)
            : null;
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : run.Clock.Timestamp();
        run.Updates?.Report(new Streaming.ToolCallStarted(slot.Iteration, slot.Index, call.CallId, tool.Name));
        ToolInvocation.Outcome outcome;
        try
        {
            outcome = tool.Specialist is { } specialist && run.Runner is { } runner
                ? await specialist.InvokeAsync(runner, run.Trace, options, run.Tree, slot.Iteration, arguments, run.Clock, cancellationToken).ConfigureAwait(false)
                : await ToolInvocation.InvokeAsync(run.Agent.Tools, tool.Name, arguments, options.ToolInvocation, options.ToolTimeout,
                    run.Clock, started, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RecordCancelled(call, slot, run, started, arguments, approval.Approved, approval.Reason);
            throw;
        }

        var result = outcome.Result;
        ToolCallOutcome kind;
        string summary;
        string content;
        if (outcome.TimedOut)
        {
            kind = ToolCallOutcome.TimedOut;
            summary = result.Errors[0].Message;
            content = "Error: " + summary;
        }
        else if (result.IsError)
        {
            kind = ToolCallOutcome.Failed;
            content = "Error: " + result;
            summary = content;
        }
        else
        {
            kind = ToolCallOutcome.Succeeded;
            content = result.ToString();
            summary = content;
        }
        run.Trace.Fill(new ToolCallStep
        {
            Index = slot.Index,
            Iteration = slot.Iteration,
            StartedAt = run.Trace.TimeAt(started),
            Duration = run.Clock.Elapsed(started, outcome.Ended),
            ToolName = call.Name,
            CallId = call.CallId,
            ArgumentsUtf8 = recorded,
            Outcome = kind,
            Result = kind == ToolCallOutcome.Succeeded ? (tool.SensitiveResult ? Redaction.Result(tool, content) : content) : null,
            Errors = kind == ToolCallOutcome.Succeeded ? [] : kind == ToolCallOutcome.TimedOut ? [new ToolError("$", summary)] : [.. result.Errors],
            Approved = approval.Approved,
            ApprovalReason = approval.Reason,
        });
        var isError = kind != ToolCallOutcome.Succeeded;
        var callResult = new CallResult(new FunctionResultContent(call.CallId, content), isError, summary);
        if (activity is null)
        {
            // Finished here and now, with nobody else's code to run before the next step: hand the end on.
            return outcome.Inline ? callResult with { EndTimestamp = outcome.Ended } : callResult;
        }
        ToolActivity.End(activity, isError ? (outcome.TimedOut ? "timeout" : "tool_error") : null, summary,
            options.RecordContent && !isError ? Redaction.Result(tool, content) : null);
        return callResult;
    }

    // A call that never reached its tool: refused, denied, or its arguments unreadable (then none are kept).
    private static void RecordNotRun(FunctionCallContent call, CallSlot slot, RunState run, ToolCallOutcome outcome, IReadOnlyList<ToolError> errors,
                                     byte[]? arguments, Approval approval)
        => run.Trace.Fill(new ToolCallStep
        {
            Index = slot.Index,
            Iteration = slot.Iteration,
            StartedAt = run.Trace.Now(),
            ToolName = call.Name,
            CallId = call.CallId,
            ArgumentsUtf8 = AsRecorded(run, call, arguments),
            Outcome = outcome,
            Errors = errors,
            Approved = approval.Approved,
            ApprovalReason = approval.Reason,
        });

    // The run was cancelled (or ran out of time) while the call waited for approval or ran.
    private static void RecordCancelled(FunctionCallContent call, CallSlot slot, RunState run, long started, byte[] arguments, bool? approved, string? approvalReason)
        => run.Trace.Fill(new ToolCallStep
        {
            Index = slot.Index,
            Iteration = slot.Iteration,
            StartedAt = run.Trace.TimeAt(started),
            Duration = run.Clock.Elapsed(started),
            ToolName = call.Name,
            CallId = call.CallId,
            ArgumentsUtf8 = AsRecorded(run, call, arguments),
            Outcome = ToolCallOutcome.Cancelled,
            Errors = [new ToolError("$", "the run was cancelled or ran out of time before the call finished")],
            Approved = approved,
            ApprovalReason = approvalReason,
        });

    // The arguments as the trace and spans record them: values marked [Sensitive] redacted.
    private static byte[]? AsRecorded(RunState run, FunctionCallContent call, byte[]? arguments)
        => arguments is null ? null : AsRecorded(run.FindTool(call.Name), arguments);

    private static byte[] AsRecorded(ToolDescriptor? tool, byte[] arguments)
        => tool is { HasSensitiveArguments: true } ? Encoding.UTF8.GetBytes(Redaction.Arguments(tool, arguments)!) : arguments;
}
