using Declarative.Streaming;
using Microsoft.Extensions.AI;

namespace Declarative;

// The streamed run: the same loop and steps as RunAsync, reporting what happens to a sink as it happens.
public sealed partial class AgentRunner
{
    /// <summary>Runs an agent on one user message, streaming what happens as it happens.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The user's message.</param>
    /// <param name="cancellationToken">Stops the run (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The run's updates (see <see cref="AgentRunUpdate"/>), ending with a <see cref="RunCompleted"/>.</returns>
    /// <remarks>See <see cref="RunStreamingAsync(IAgent, IEnumerable{ChatMessage}, AgentRunOptions?, CancellationToken)"/>.</remarks>
    public IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync(IAgent agent, string input, CancellationToken cancellationToken = default)
        => RunStreamingAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    /// <summary>Runs an agent on a conversation, streaming what happens as it happens.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far (without the agent's instructions, which are added).</param>
    /// <param name="options">Options for this run; the runner's defaults when null.</param>
    /// <param name="cancellationToken">Stops the run (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The run's updates (see <see cref="AgentRunUpdate"/>), ending with a <see cref="RunCompleted"/>.</returns>
    /// <remarks>
    /// <para>The run is the one <see cref="RunAsync(IAgent, IEnumerable{ChatMessage}, AgentRunOptions?, CancellationToken)"/>
    /// makes, under the same rules (read-only calls in parallel, side effects one at a time in the order
    /// asked, approvals, limits) and with the same trace; the model is asked through
    /// <see cref="IChatClient.GetStreamingResponseAsync"/>, so its text arrives as <see cref="TextDelta"/>s.</para>
    /// <para>The run starts when enumeration starts and goes on at its own pace: updates wait for the
    /// reader, the run does not. Limits and errors end the stream with a <see cref="RunCompleted"/> and
    /// their status. Cancelling the token, or leaving the enumeration early (disposing the enumerator),
    /// stops the run at once; a cancelled enumeration throws <see cref="OperationCanceledException"/>.</para>
    /// </remarks>
    public IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options = null,
                                                              CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(agent, messages, options, cancellationToken);
    }

    /// <summary>Runs a typed agent on one user message, streaming what happens; an invalid answer is sent back with its errors.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="input">The user's message.</param>
    /// <param name="cancellationToken">Stops the run (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The run's updates, with an <see cref="OutputValidated"/> for every answer checked, ending with a <see cref="RunCompleted"/> whose <see cref="RunCompleted.Output"/> is the typed answer.</returns>
    public IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync<TOutput>(IAgent<TOutput> agent, string input, CancellationToken cancellationToken = default)
        => RunStreamingAsync(agent, [new ChatMessage(ChatRole.User, input)], null, cancellationToken);

    /// <summary>Runs a typed agent on a conversation, streaming what happens; an invalid answer is sent back with its errors.</summary>
    /// <typeparam name="TOutput">The answer's type.</typeparam>
    /// <param name="agent">The agent.</param>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="options">Options for this run.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The run's updates, ending with a <see cref="RunCompleted"/> whose <see cref="RunCompleted.Output"/> is the typed answer.</returns>
    public IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync<TOutput>(IAgent<TOutput> agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options = null,
                                                                       CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(agent, messages, options, ReaderFor(agent), cancellationToken);
    }

    private IAsyncEnumerable<AgentRunUpdate> StreamAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                                         CancellationToken cancellationToken)
        => StreamAsync(agent, messages, options, reader: null, cancellationToken);

    private IAsyncEnumerable<AgentRunUpdate> StreamAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                                         OutputReader? reader, CancellationToken cancellationToken)
        => new UpdateStream(this, agent, messages, options, reader, cancellationToken);

    // The run's updates as an async sequence, by hand rather than as an async iterator so that an update
    // already taken is handed out without a state machine step: MoveNextAsync completes at once from the
    // current batch. Each enumeration starts its own run, on the first MoveNextAsync; the tokens given here
    // and to GetAsyncEnumerator both stop it (as [EnumeratorCancellation] would).
    private sealed class UpdateStream(AgentRunner runner, IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                      OutputReader? reader, CancellationToken cancellationToken) : IAsyncEnumerable<AgentRunUpdate>
    {
        public IAsyncEnumerator<AgentRunUpdate> GetAsyncEnumerator(CancellationToken enumeratorToken = default)
        {
            if (!enumeratorToken.CanBeCanceled || enumeratorToken == cancellationToken)
            {
                return new UpdateReader(runner, agent, messages, options, reader, cancellationToken, joined: null);
            }
            if (!cancellationToken.CanBeCanceled)
            {
                return new UpdateReader(runner, agent, messages, options, reader, enumeratorToken, joined: null);
            }
            var joined = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, enumeratorToken);
            return new UpdateReader(runner, agent, messages, options, reader, joined.Token, joined);
        }
    }

    private sealed class UpdateReader(AgentRunner runner, IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                      OutputReader? reader, CancellationToken cancellationToken, CancellationTokenSource? joined)
        : IAsyncEnumerator<AgentRunUpdate>
    {
        private RunUpdateSink? _sink;
        private CancellationTokenSource? _stop;
        private Task? _run;
        // The updates are taken a batch at a time: all those written since the last take.
        private List<AgentRunUpdate> _batch = [];
        private int _next;
        private bool _done;

        public AgentRunUpdate Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_next < _batch.Count && !cancellationToken.IsCancellationRequested)
            {
                Current = _batch[_next++];
                return new(true);
            }
            return MoveNextSlowlyAsync();
        }

        private async ValueTask<bool> MoveNextSlowlyAsync()
        {
            if (_done)
            {
                return false;
            }
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_sink is not { } sink)
                {
                    _sink = sink = new RunUpdateSink();
                    // Leaving the enumeration early cancels this, and so the run.
                    _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    _run = runner.ProduceAsync(agent, messages, options, reader, sink, _stop);
                }
                _batch.Clear();
                _next = 0;
                while (!sink.TryTake(ref _batch))
                {
                    if (!await sink.WaitAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // The run closed the stream: it ended, or it failed (cancellation, or a bug), which propagates here.
                        _done = true;
                        await _run!.ConfigureAwait(false);
                        End();
                        return false;
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                }
                Current = _batch[_next++];
                return true;
            }
            catch
            {
                _done = true;
                End();
                throw;
            }
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            End();
            return default;
        }

        // Stops the run if it is still going, and lets go of the joined tokens.
        private void End()
        {
            if (_run is { IsCompleted: false })
            {
                try
                {
                    _stop!.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run ended in the meantime: nothing is left to stop.
                }
            }
            _batch = [];
            _next = 0;
            joined?.Dispose();
        }
    }

    // Runs the loop with the sink and ends the stream with the run's end; disposes the run's token source
    // only once the run has let go of it (a tool may still be winding down after the reader left).
    private async Task ProduceAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options, OutputReader? reader,
                                    RunUpdateSink sink, CancellationTokenSource stop)
    {
        try
        {
            var outcome = await RunCoreAsync(agent, messages, options, reader, parent: null, stop.Token, sink).ConfigureAwait(false);
            sink.Report(new RunCompleted(outcome.Status, outcome.Reason, outcome.Text, outcome.Messages, outcome.Trace)
            {
                Output = outcome.Status == AgentRunStatus.Completed ? outcome.Output : null,
            });
        }
        finally
        {
            sink.Close();
            stop.Dispose();
        }
    }
}
