using System.Runtime.CompilerServices;
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

    private async IAsyncEnumerable<AgentRunUpdate> StreamAsync(IAgent agent, IEnumerable<ChatMessage> messages, AgentRunOptions? options,
                                                               OutputReader? reader,
                                                               [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sink = new RunUpdateSink();
        // Leaving the enumeration early cancels this, and so the run.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = ProduceAsync(agent, messages, options, reader, sink, stop);
        // The updates are taken a batch at a time: all those written since the last take.
        var batch = new List<AgentRunUpdate>();
        try
        {
            while (true)
            {
                if (!sink.TryTake(ref batch))
                {
                    if (!await sink.WaitAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return batch[i];
                }
                batch.Clear();
            }
            // The run closed the stream: it ended, or it failed (cancellation, or a bug), which propagates here.
            await run.ConfigureAwait(false);
        }
        finally
        {
            if (!run.IsCompleted)
            {
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run ended in the meantime: nothing is left to stop.
                }
            }
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
