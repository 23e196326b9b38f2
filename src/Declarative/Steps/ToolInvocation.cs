using System.Diagnostics;

namespace Declarative;

/// <summary>
/// The tool-call step, the one every runner uses (the agent loop, the plan executor, and the patterns
/// built on them): runs one tool with its time limit and reports what happened as a
/// <see cref="ToolResult"/>. Approval (<see cref="Approvals"/>), the span (<see cref="ToolActivity"/>) and
/// the trace record stay with the caller, which knows what its step is (a loop's tool call, a plan step).
/// </summary>
/// <remarks>
/// <para>Nothing the tool does escapes as an exception: an error result stays one, a tool set that throws
/// anyway gets its exception turned into an error result, and a tool that outlives its time limit is
/// reported as timed out. A tool that ignores its token still cannot hold the run past its limit or
/// the caller's cancellation: the step stops waiting for it. Cancellation by the caller propagates as
/// <see cref="OperationCanceledException"/>.</para>
/// <para>A tool that finishes synchronously costs no task and no timer beyond the one its limit needs.</para>
/// </remarks>
internal static class ToolInvocation
{
    /// <summary>What one invocation came to.</summary>
    /// <param name="Result">The tool's result, or the error that stands for it.</param>
    /// <param name="TimedOut">Whether the tool ran past its limit (the result is then an error saying so).</param>
    /// <param name="Ended">The timestamp at which it ended.</param>
    /// <param name="Inline">Whether it finished synchronously, on the caller's own flow.</param>
    internal readonly record struct Outcome(ToolResult Result, bool TimedOut, long Ended, bool Inline);

    /// <summary>Runs one tool.</summary>
    /// <param name="tools">The tool set.</param>
    /// <param name="name">The tool.</param>
    /// <param name="arguments">The arguments, as UTF-8 JSON.</param>
    /// <param name="invocation">How arguments are read and errors reported.</param>
    /// <param name="timeout">The tool's time limit, if any.</param>
    /// <param name="clock">The run's clock (for the limit and the timestamps).</param>
    /// <param name="started">The <see cref="TimeProvider.GetTimestamp"/> the step counts from (read by the caller, or handed on from the previous step).</param>
    /// <param name="cancellationToken">Stops the call; the exception propagates.</param>
    public static ValueTask<Outcome> InvokeAsync(IToolSet tools, string name, byte[] arguments, ToolInvocationOptions invocation,
                                                 TimeSpan? timeout, RunClock clock, long started, CancellationToken cancellationToken)
    {
        if (timeout is not null)
        {
            return InvokeWithLimitAsync(tools, name, arguments, invocation, timeout, clock, started, cancellationToken);
        }
        // No limit: a tool that finishes synchronously (most do) needs no state machine at all.
        ValueTask<ToolResult> pending;
        try
        {
            pending = tools.InvokeAsync(name, arguments, invocation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new(new Outcome(ToolResult.FromException(name, exception, invocation), false, clock.Timestamp(), true));
        }
        return pending.IsCompletedSuccessfully
            ? new(new Outcome(pending.Result, false, clock.Timestamp(), true))
            : AwaitAsync(pending, name, invocation, clock, started, cancellationToken);
    }

    private static async ValueTask<Outcome> AwaitAsync(ValueTask<ToolResult> pending, string name, ToolInvocationOptions invocation, RunClock clock,
                                                       long started, CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            result = await pending.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = ToolResult.FromException(name, exception, invocation);
        }
        return new Outcome(result, false, clock.Timestamp(), false);
    }

    private static async ValueTask<Outcome> InvokeWithLimitAsync(IToolSet tools, string name, byte[] arguments, ToolInvocationOptions invocation,
                                                                 TimeSpan? timeout, RunClock clock, long started, CancellationToken cancellationToken)
    {
        using var limit = timeout is { } span ? new CancellationTokenSource(span, clock.Provider) : null;
        using var linked = limit is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var token = linked?.Token ?? cancellationToken;
        ToolResult result;
        var inline = false;
        try
        {
            var pending = tools.InvokeAsync(name, arguments, invocation, token);
            inline = pending.IsCompletedSuccessfully;
            result = inline
                ? pending.Result
                : await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
            if (result.IsError && limit?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                // The tool saw its limit pass and reported an error of its own: it timed out.
                return new Outcome(TimedOutResult(name, timeout!.Value), true, clock.Timestamp(), inline);
            }
        }
        catch (OperationCanceledException) when (limit?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(TimedOutResult(name, timeout!.Value), true, clock.Timestamp(), false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Tool sets report failures as results; one that throws anyway is treated the same way.
            result = ToolResult.FromException(name, exception, invocation);
        }
        return new Outcome(result, false, clock.Timestamp(), inline);
    }

    /// <summary>The error a timed-out tool gets.</summary>
    public static ToolResult TimedOutResult(string name, TimeSpan timeout)
        => ToolResult.Failure("$", TimedOutMessage(name, timeout));

    /// <summary>The words for a timed-out tool, the same in every runner.</summary>
    public static string TimedOutMessage(string name, TimeSpan timeout)
        => $"tool '{name}' timed out after {timeout.TotalMilliseconds:0} ms and was cancelled";
}

/// <summary>The <c>execute_tool {name}</c> span of a tool-call step, with the same tags in every runner.</summary>
internal static class ToolActivity
{
    /// <summary>Starts the span, or returns null when nobody listens.</summary>
    /// <param name="name">The tool.</param>
    /// <param name="callId">The call's id (a plan step's id in plans).</param>
    /// <param name="arguments">The arguments, when content is recorded.</param>
    public static Activity? Start(string name, string? callId, string? arguments)
    {
        if (!DeclarativeTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }
        var activity = DeclarativeTelemetry.ActivitySource.StartActivity(DeclarativeTelemetry.ActivityNames.Tool(name), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddTag(DeclarativeTelemetry.Tags.OperationName, "execute_tool");
            activity.AddTag(DeclarativeTelemetry.Tags.ToolName, name);
            ModelCall.AddTag(activity, DeclarativeTelemetry.Tags.ToolCallId, callId);
            ModelCall.AddTag(activity, DeclarativeTelemetry.Tags.ToolCallArguments, arguments);
        }
        return activity;
    }

    /// <summary>Marks how the step ended.</summary>
    /// <param name="activity">The span, if any.</param>
    /// <param name="errorType">The error's kind, or null when it succeeded.</param>
    /// <param name="description">Why it failed.</param>
    /// <param name="result">The result, when content is recorded.</param>
    public static void End(Activity? activity, string? errorType, string? description, string? result)
    {
        if (activity is null)
        {
            return;
        }
        if (errorType is not null)
        {
            activity.SetTag(DeclarativeTelemetry.Tags.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, description);
        }
        else if (result is not null && activity.IsAllDataRequested)
        {
            activity.AddTag(DeclarativeTelemetry.Tags.ToolCallResult, result);
        }
    }
}
