using System.Text;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.AI;

namespace Declarative.Streaming;

/// <summary>
/// Where a streamed run reports what happens, as it happens: the run's trace builder reports each step it
/// is given (<see cref="RunTraceBuilder.Updates"/>), the model-call step its text as it arrives, the loop
/// the calls a turn asks for, their approvals and starts. A run without a sink (every non-streaming run)
/// reports nothing and pays only a null check.
/// </summary>
/// <remarks>
/// <para>Thread-safe: calls of one turn run in parallel and report their ends from their own threads.
/// Writing never waits: the stream's reader takes updates at its own pace, and an update written after the
/// stream closed (a call winding down after cancellation) is dropped.</para>
/// <para>Patterns built on the loop (reflection rounds, guardrails) report their own update kinds with
/// <see cref="Report"/>; a step kind the trace records without an update of its own is not reported.</para>
/// <para>The sink is also the stream's queue, lighter than a channel for its one reader: writers add to a
/// list under a lock; the reader takes the whole list at once (<see cref="TryTake"/>, swapping in its
/// emptied one) and, only when nothing is waiting, waits on one reusable signal (<see cref="WaitAsync"/>).
/// The reader's code never runs on a writer's thread.</para>
/// </remarks>
internal sealed class RunUpdateSink : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private List<AgentRunUpdate> _pending = [];
    private bool _closed;
    private bool _waiting;
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    // A child run's sink (a specialist, a participant) tags its updates with the agent and hands them to the stream's own sink.
    private readonly RunUpdateSink? _forward;
    private readonly string? _agentName;

    /// <summary>Creates the stream's sink.</summary>
    public RunUpdateSink()
    {
    }

    private RunUpdateSink(RunUpdateSink forward, string agentName)
    {
        _forward = forward;
        _agentName = agentName;
    }

    /// <summary>The sink for a child run of the agent <paramref name="agentName"/>: its updates, tagged with that name, go to this stream.</summary>
    public RunUpdateSink ForAgent(string agentName) => new(_forward ?? this, agentName);

    /// <summary>Reports an update.</summary>
    public void Report(AgentRunUpdate update)
    {
        if (_forward is { } stream)
        {
            // The innermost agent tags it: a specialist's update under a composition names the specialist.
            update.AgentName ??= _agentName;
            stream.Report(update);
            return;
        }
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _pending.Add(update);
            if (!_waiting)
            {
                return;
            }
            _waiting = false;
        }
        _signal.SetResult(true);
    }

    /// <summary>The reader takes every update written so far, in order, leaving <paramref name="batch"/> (emptied) for the writers.</summary>
    /// <param name="batch">The reader's empty list; on true, the updates.</param>
    /// <returns>Whether there were any.</returns>
    public bool TryTake(ref List<AgentRunUpdate> batch)
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return false;
            }
            (batch, _pending) = (_pending, batch);
            return true;
        }
    }

    /// <summary>
    /// The reader waits for an update (call after <see cref="TryTake"/> found none): true when there may be
    /// one or <paramref name="cancellationToken"/> was cancelled (check it), false when the stream is closed and drained.
    /// </summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.Count > 0 || cancellationToken.IsCancellationRequested)
            {
                return new(true);
            }
            if (_closed)
            {
                return new(false);
            }
            _signal.Reset();
            _waiting = true;
        }
        return cancellationToken.CanBeCanceled ? WaitCancellablyAsync(cancellationToken) : new(this, _signal.Version);
    }

    private async ValueTask<bool> WaitCancellablyAsync(CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static state => ((RunUpdateSink)state!).Wake(), this))
        {
            return await new ValueTask<bool>(this, _signal.Version).ConfigureAwait(false);
        }
    }

    // Cancellation wakes a waiting reader, which then sees the token.
    private void Wake()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }
            _waiting = false;
        }
        _signal.SetResult(true);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _signal.OnCompleted(continuation, state, token, flags);

    /// <summary>A step was put in the trace.</summary>
    public void StepRecorded(TraceStep step)
    {
        switch (step)
        {
            case ToolCallStep call:
                Report(new ToolCallFinished(call));
                break;
            case ModelCallStep model:
                Report(new ModelCallFinished(model));
                break;
            case OutputValidationStep validation:
                Report(new OutputValidated(validation));
                break;
            case GuardrailStep guardrail:
                Report(new GuardrailChecked(guardrail));
                break;
            case AgentInvocationStep invocation:
                Report(new AgentInvocationFinished(invocation));
                break;
        }
    }

    /// <summary>The text of one streamed chunk of a model call.</summary>
    public void Chunk(ChatResponseUpdate update, int iteration, int stepIndex)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is TextContent { Text: { Length: > 0 } text })
            {
                Report(new TextDelta(iteration, stepIndex, text));
            }
        }
    }

    /// <summary>The calls a turn asks for, in the order asked.</summary>
    public void Requested(ResponseToolCalls calls, int iteration)
    {
        foreach (var call in calls)
        {
            Report(new ToolCallRequested(iteration, call));
        }
    }

    /// <summary>Ends the stream: nothing written afterwards is kept.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            if (!_waiting)
            {
                return;
            }
            _waiting = false;
        }
        _signal.SetResult(false);
    }

    // A call whose arguments the chat client could not parse has none to show.
    internal static string ArgumentsText(FunctionCallContent call)
    {
        try
        {
            return Encoding.UTF8.GetString(ArgumentsJson.FromCall(call));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return "{}";
        }
    }
}
