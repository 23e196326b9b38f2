using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative;

// Scheduling a turn of tool calls: read-only calls together, side effects one at a time in the order asked, approvals without holding back the turn.
public sealed partial class AgentRunner
{
    // EndTimestamp: the call's end, to hand on to the next step, when the call finished on the loop's own
    // flow with no listener around it; otherwise 0.
    private readonly record struct CallResult(FunctionResultContent Content, bool IsError, string Summary, long EndTimestamp = 0);

    // What a turn of tool calls hands back to the loop: the results in the order asked, whether all
    // failed, and the last one's summary (for the reason when errors end the run).
    private readonly record struct TurnResult(List<AIContent> Contents, bool AllFailed, string LastSummary, long HandOff = 0);

    /// <summary>
    /// Runs one turn's calls. Read-only tools run concurrently (up to a limit); every other tool runs
    /// alone, in the order the model asked. Approval-gated calls wait for their decision without
    /// holding back the rest of the turn; once approved, they too run alone.
    /// </summary>
    /// <param name="calls">The calls, in the order asked.</param>
    /// <param name="run">The run.</param>
    /// <param name="iteration">The turn.</param>
    /// <param name="handedOff">The end of the model call, for the first call to start from; 0 to read the clock.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    private ValueTask<TurnResult> RunToolCallsAsync(ResponseToolCalls calls, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        run.Updates?.Requested(calls, iteration);
        if (calls.Count == 1)
        {
            return RunOneCallAsync(calls.First(), run, iteration, handedOff, cancellationToken);
        }
        // The common turn, a few read-only calls within the parallel limit (and any refusals), needs no
        // gates and no ordering: start each call in turn and await only those that did not finish at once.
        var readOnly = 0;
        foreach (var call in calls)
        {
            if (run.FindTool(call.Name) is { } tool)
            {
                if (tool.RequiresApproval || !tool.ReadOnly)
                {
                    return RunGatedCallsAsync(calls.ToArray(), run, iteration, cancellationToken);
                }
                readOnly++;
            }
        }
        return readOnly <= run.Options.MaxParallelToolCalls
            ? RunReadOnlyCallsAsync(calls, run, iteration, handedOff, cancellationToken)
            : RunGatedCallsAsync(calls.ToArray(), run, iteration, cancellationToken);
    }

    // One call: nothing to order or overlap, so no gates and no task per call.
    private async ValueTask<TurnResult> RunOneCallAsync(FunctionCallContent call, RunState run, int iteration, long handedOff, CancellationToken cancellationToken)
    {
        var slot = new CallSlot(run.Trace.Reserve(), iteration);
        var tool = run.FindTool(call.Name);
        var result = tool is null
            ? Refuse(call, slot, run)
            : IsMalformed(call)
                ? RefuseMalformed(call, slot, run)
            : tool.RequiresApproval
                ? await ApproveThenRunAsync(call, tool, slot, run, exclusive: null, cancellationToken).ConfigureAwait(false)
                : await InvokeToolAsync(call, tool, slot, run, arguments: null, default, handedOff, cancellationToken).ConfigureAwait(false);
        return new TurnResult(new List<AIContent>(1) { result.Content }, result.IsError, result.Summary, result.EndTimestamp);
    }

    private async ValueTask<TurnResult> RunReadOnlyCallsAsync(ResponseToolCalls calls, RunState run, int iteration, long handedOff,
                                                              CancellationToken cancellationToken)
    {
        var count = calls.Count;
        var contents = new List<AIContent>(count);
        var allFailed = true;
        var lastSummary = "";
        // Only calls that did not complete synchronously get a task (and a slot in this array).
        Task<CallResult>[]? pending = null;
        var pendingCount = 0;
        var i = -1;
        foreach (var call in calls)
        {
            i++;
            // A step is reserved as each call starts, so the trace keeps the order asked: tool calls add no
            // steps of their own.
            var slot = new CallSlot(run.Trace.Reserve(), iteration);
            var tool = run.FindTool(call.Name);
            CallResult result;
            if (tool is null || IsMalformed(call))
            {
                result = tool is null ? Refuse(call, slot, run) : RefuseMalformed(call, slot, run);
                handedOff = 0;
            }
            else
            {
                // Each call starts where the one before it ended, when that one finished here and now.
                var invocation = InvokeToolAsync(call, tool, slot, run, arguments: null, default, handedOff, cancellationToken);
                if (!invocation.IsCompletedSuccessfully)
                {
                    (pending ??= new Task<CallResult>[count])[i] = invocation.AsTask();
                    pendingCount++;
                    contents.Add(null!);
                    handedOff = 0;
                    continue;
                }
                result = invocation.Result;
                handedOff = result.EndTimestamp;
            }
            contents.Add(result.Content);
            allFailed &= result.IsError;
            lastSummary = result.Summary;
        }
        if (pending is null)
        {
            return new TurnResult(contents, allFailed, lastSummary, handedOff);
        }

        // Like Task.WhenAll over the whole turn: every call finishes before a failure or cancellation propagates.
        var waiting = new Task<CallResult>[pendingCount];
        var next = 0;
        foreach (var task in pending)
        {
            if (task is not null)
            {
                waiting[next++] = task;
            }
        }
        await Task.WhenAll(waiting).ConfigureAwait(false);
        for (var j = 0; j < pending.Length; j++)
        {
            if (pending[j] is { } task)
            {
                var result = task.Result;
                contents[j] = result.Content;
                allFailed &= result.IsError;
                if (j == pending.Length - 1)
                {
                    lastSummary = result.Summary;
                }
            }
        }
        return new TurnResult(contents, allFailed, lastSummary);
    }

    private async ValueTask<TurnResult> RunGatedCallsAsync(FunctionCallContent[] calls, RunState run, int iteration, CancellationToken cancellationToken)
    {
        var tasks = new Task<CallResult>[calls.Length];
        // Read-only calls need a gate only when there are more than may run at once; the others one gate
        // for the turn, so they run alone.
        using var parallel = calls.Length > run.Options.MaxParallelToolCalls ? new SemaphoreSlim(Math.Max(1, run.Options.MaxParallelToolCalls)) : null;
        SemaphoreSlim? exclusive = null;
        Task previousExclusive = Task.CompletedTask;
        var slots = new CallSlot[calls.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new CallSlot(run.Trace.Reserve(), iteration);
        }

        for (var i = 0; i < slots.Length; i++)
        {
            var call = calls[i];
            var slot = slots[i];
            var tool = run.FindTool(call.Name);
            if (tool is null || IsMalformed(call))
            {
                tasks[i] = Task.FromResult(tool is null ? Refuse(call, slot, run) : RefuseMalformed(call, slot, run));
                continue;
            }
            if (tool.RequiresApproval)
            {
                tasks[i] = ApproveThenRunAsync(call, tool, slot, run, exclusive ??= new SemaphoreSlim(1, 1), cancellationToken);
            }
            else if (tool.ReadOnly)
            {
                tasks[i] = parallel is null
                    ? InvokeToolAsync(call, tool, slot, run, arguments: null, default, handedOff: 0, cancellationToken).AsTask()
                    : RunGatedAsync(call, tool, slot, run, parallel, arguments: null, default, cancellationToken);
            }
            else
            {
                // Chain the side-effecting calls so they run in the order asked, one at a time.
                var before = previousExclusive;
                var task = RunAfterAsync(before, call, tool, slot, run, exclusive ??= new SemaphoreSlim(1, 1), cancellationToken);
                previousExclusive = task;
                tasks[i] = task;
            }
        }

        CallResult[] results;
        try
        {
            results = await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            exclusive?.Dispose();
        }
        var contents = new List<AIContent>(results.Length);
        var allFailed = true;
        foreach (var result in results)
        {
            contents.Add(result.Content);
            allFailed &= result.IsError;
        }
        return new TurnResult(contents, allFailed, results[^1].Summary);
    }

    private async Task<CallResult> RunGatedAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                 SemaphoreSlim gate, byte[]? arguments, Approval approval, CancellationToken cancellationToken)
    {
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RecordCancelled(call, slot, run, run.Clock.Timestamp(), arguments ?? ArgumentsJson.FromCall(call), approval.Approved, approval.Reason);
            throw;
        }
        try
        {
            return await InvokeToolAsync(call, tool, slot, run, arguments, approval, handedOff: 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CallResult> RunAfterAsync(Task before, FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run,
                                                 SemaphoreSlim exclusive, CancellationToken cancellationToken)
    {
        try
        {
            await before.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A failure of an earlier call is reported with that call; this one still runs (or, when the
            // run was cancelled, is recorded as cancelled while it waits for its turn).
        }
        return await RunGatedAsync(call, tool, slot, run, exclusive, arguments: null, default, cancellationToken).ConfigureAwait(false);
    }
}
