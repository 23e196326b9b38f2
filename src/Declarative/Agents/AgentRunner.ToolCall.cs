using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

// The tool-call step: approval, refusal of unknown tools and unparsed arguments, invocation with a time limit, and its trace step and span.
public sealed partial class AgentRunner
{
    private async Task<CallResult> ApproveThenRunAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                       SemaphoreSlim? exclusive, CancellationToken cancellationToken)
    {
        var arguments = ArgumentsJson.FromCall(call);
        var argumentsText = Encoding.UTF8.GetString(arguments);
        step.Arguments = argumentsText;
        var decision = await Approvals.DecideAsync(run.Options.ApprovalHandler,
                new ToolApprovalRequest(run.Agent.Descriptor.Name, tool, call.CallId, argumentsText), cancellationToken)
            .ConfigureAwait(false);
        step.Approved = decision.Approved;
        step.ApprovalReason = decision.Reason;
        if (!decision.Approved)
        {
            step.StartedAt = run.Now();
            step.Outcome = ToolCallOutcome.Denied;
            var message = $"the call to '{tool.Name}' was not approved" + (decision.Reason is null ? "" : ": " + decision.Reason) + ". It did not run.";
            step.Errors = [new ToolError("$", message)];
            return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
        }
        // The arguments approved are the arguments run: read once, passed on.
        return exclusive is null
            ? await InvokeToolAsync(call, tool, step, run, arguments, handedOff: 0, cancellationToken).ConfigureAwait(false)
            : await RunGatedAsync(call, tool, step, run, exclusive, arguments, cancellationToken).ConfigureAwait(false);
    }

    private static CallResult Refuse(FunctionCallContent call, ToolCallStep step, RunState run)
    {
        var tools = run.Tools;
        var available = new string[tools.Length];
        for (var i = 0; i < tools.Length; i++)
        {
            available[i] = tools[i].Name;
        }
        var refusal = ToolResult.UnknownTool(call.Name, available);
        step.StartedAt = run.Now();
        step.SetArguments(ArgumentsJson.FromCall(call));
        step.Outcome = ToolCallOutcome.Refused;
        step.Errors = [.. refusal.Errors];
        var text = "Error: " + refusal.Errors[0].Message;
        return new CallResult(new FunctionResultContent(call.CallId, text), true, text);
    }

    // A chat client that could not parse a call's arguments reports it the Microsoft.Extensions.AI way:
    // FunctionCallContent.Exception set and Arguments null. Such a call must not run with "no arguments"
    // (a tool whose parameters are all optional would accept that). A client that also passed the raw
    // text on (our own scripted clients do) lets the generated reader say exactly what is wrong instead.
    private static bool IsMalformed(FunctionCallContent call)
        => call.Exception is not null && call.AdditionalProperties?.ContainsKey(ToolCallArguments.RawArgumentsKey) != true;

    private static CallResult RefuseMalformed(FunctionCallContent call, ToolCallStep step, RunState run)
    {
        var message = $"the arguments of the call to '{call.Name}' could not be read as a JSON object ({call.Exception!.Message}); the tool did not run. Send the call again with valid JSON arguments.";
        step.StartedAt = run.Now();
        step.Outcome = ToolCallOutcome.Failed;
        step.Errors = [new ToolError("$", message)];
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }

    // Runs one call and records it in its step. handedOff: the end of the previous step, to start from,
    // or 0 to read the clock.
    private static async ValueTask<CallResult> InvokeToolAsync(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run,
                                                               byte[]? arguments, long handedOff, CancellationToken cancellationToken)
    {
        if (arguments is null)
        {
            arguments = ArgumentsJson.FromCall(call);
            step.SetArguments(arguments);
        }
        var options = run.Options;
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity(DeclarativeTelemetry.ActivityNames.Tool(tool.Name), ActivityKind.Internal)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "execute_tool");
            activity.AddTag(DeclarativeTelemetry.Tags.ToolName, tool.Name);
            AddTag(activity, DeclarativeTelemetry.Tags.ToolCallId, call.CallId);
            if (options.RecordContent)
            {
                activity.AddTag(DeclarativeTelemetry.Tags.ToolCallArguments, step.Arguments);
            }
        }

        using var timeout = options.ToolTimeout is { } limit ? new CancellationTokenSource(limit) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // A listener's code ran since the previous step ended: read the clock afresh.
        var started = activity is null && handedOff != 0 ? handedOff : Stopwatch.GetTimestamp();
        step.StartedAt = run.TimeAt(started);
        CallResult outcome;
        var inline = false;
        try
        {
            // WaitAsync: a tool that ignores its token still cannot hold the run past its limit or the
            // caller's cancellation. A tool that finished synchronously needs no task at all.
            var token = linked?.Token ?? cancellationToken;
            var pending = run.Agent.Tools.InvokeAsync(tool.Name, arguments, options.ToolInvocation, token);
            inline = pending.IsCompletedSuccessfully;
            var result = inline
                ? pending.Result
                : await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
            if (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested && result.IsError)
            {
                outcome = TimedOut(call, tool, step, run);
            }
            else if (result.IsError)
            {
                step.Outcome = ToolCallOutcome.Failed;
                step.Errors = [.. result.Errors];
                var text = "Error: " + result;
                outcome = new CallResult(new FunctionResultContent(call.CallId, text), true, text);
            }
            else
            {
                step.Outcome = ToolCallOutcome.Succeeded;
                var text = result.ToString();
                step.Result = text;
                outcome = new CallResult(new FunctionResultContent(call.CallId, text), false, text);
            }
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            outcome = TimedOut(call, tool, step, run);
        }
        var ended = Stopwatch.GetTimestamp();
        step.Duration = Stopwatch.GetElapsedTime(started, ended);
        if (activity is null)
        {
            // Finished here and now, with nobody else's code to run before the next step: hand the end on.
            return inline ? outcome with { EndTimestamp = ended } : outcome;
        }
        else
        {
            if (outcome.IsError)
            {
                activity.SetTag(DeclarativeTelemetry.Tags.ErrorType, step.Outcome == ToolCallOutcome.TimedOut ? "timeout" : "tool_error");
                activity.SetStatus(ActivityStatusCode.Error, outcome.Summary);
            }
            else if (options.RecordContent && activity.IsAllDataRequested)
            {
                AddTag(activity, DeclarativeTelemetry.Tags.ToolCallResult, step.Result);
            }
        }
        return outcome;
    }

    private static CallResult TimedOut(FunctionCallContent call, ToolDescriptor tool, ToolCallStep step, RunState run)
    {
        var message = $"tool '{tool.Name}' timed out after {run.Options.ToolTimeout!.Value.TotalMilliseconds:0} ms and was cancelled";
        step.Outcome = ToolCallOutcome.TimedOut;
        step.Errors = [new ToolError("$", message)];
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }
}
