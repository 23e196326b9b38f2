using BenchmarkDotNet.Attributes;
using Declarative.Streaming;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>
/// What streaming adds to a run: <see cref="AgentRunner.RunStreamingAsync(IAgent, string, CancellationToken)"/>
/// against <see cref="AgentRunner.RunAsync(IAgent, string, CancellationToken)"/> on the script of
/// <see cref="AgentLoopBenchmarks"/> (10 tool turns, 15 calls, 11 model calls), with a model that costs nothing
/// either way: whole responses handed out preallocated, or the same responses as preallocated pieces (each
/// content its own update, the answer's text word by word, then the finish reason and usage), as
/// <c>ScriptedChatClient</c> streams them. The streamed side reads every update, as a consumer would.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AgentLoopStreamingBenchmarks
{
    private const string Input = "Add some numbers and check some stock.";

    private readonly AgentLoopStreamingClient _client = new(AgentLoopScript.Build());
    private AgentLoopAgent _agent = null!;
    private AgentRunner _runner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _agent = new AgentLoopAgent(new AgentLoopTools());
        _runner = new AgentRunner(_client, new AgentRunOptions { MaxIterations = AgentLoopScript.ToolTurns + 5 });

        // Both must get through the whole script to the same answer and the same steps, or the numbers mean nothing.
        _client.Reset();
        var whole = _runner.RunAsync(_agent, Input).GetAwaiter().GetResult();
        var streamed = StreamedRun().GetAwaiter().GetResult();
        if (whole.Text != AgentLoopScript.Answer || streamed?.Text != AgentLoopScript.Answer
            || whole.Trace.Steps.Count != streamed.Trace.Steps.Count || streamed.Trace.Usage != whole.Trace.Usage)
        {
            throw new InvalidOperationException($"The runs did not agree: whole '{whole.Text}', streamed '{streamed?.Text}'.");
        }
    }

    /// <summary><c>RunAsync</c>: the model answers whole.</summary>
    [Benchmark(Baseline = true, Description = "AgentRunner.RunAsync")]
    public async Task<string?> Run()
    {
        _client.Reset();
        var result = await _runner.RunAsync(_agent, Input).ConfigureAwait(false);
        return result.Text;
    }

    /// <summary><c>RunStreamingAsync</c>: the model answers in pieces, every update is read.</summary>
    [Benchmark(Description = "AgentRunner.RunStreamingAsync")]
    public async Task<string?> RunStreaming() => (await StreamedRun().ConfigureAwait(false))?.Text;

    private async Task<RunCompleted?> StreamedRun()
    {
        _client.Reset();
        RunCompleted? end = null;
        await foreach (var update in _runner.RunStreamingAsync(_agent, Input).ConfigureAwait(false))
        {
            if (update is RunCompleted completed)
            {
                end = completed;
            }
        }
        return end;
    }
}

/// <summary>The <see cref="AgentLoopScriptedClient"/> script, whole or in preallocated pieces; <see cref="Reset"/> per run.</summary>
internal sealed class AgentLoopStreamingClient : IChatClient
{
    private readonly Task<ChatResponse>[] _whole;
    private readonly ChatResponseUpdate[][] _pieces;
    private int _next;

    public AgentLoopStreamingClient(ChatResponse[] responses)
    {
        _whole = [.. responses.Select(Task.FromResult)];
        _pieces = [.. responses.Select(Pieces)];
    }

    public void Reset() => _next = 0;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => _next < _whole.Length ? _whole[_next++] : throw new InvalidOperationException("The script is used up; call Reset() per run.");

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                          CancellationToken cancellationToken = default)
        => _next < _pieces.Length ? new Stream(_pieces[_next++]) : throw new InvalidOperationException("The script is used up; call Reset() per run.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponseUpdate[] Pieces(ChatResponse response)
    {
        var pieces = new List<ChatResponseUpdate>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextContent text)
                {
                    foreach (var word in text.Text.Split(' '))
                    {
                        pieces.Add(Piece(response, new TextContent(pieces.Count == 0 ? word : " " + word)));
                    }
                }
                else
                {
                    pieces.Add(Piece(response, content));
                }
            }
        }
        var last = Piece(response, new UsageContent(response.Usage!));
        last.FinishReason = response.FinishReason;
        pieces.Add(last);
        return [.. pieces];
    }

    private static ChatResponseUpdate Piece(ChatResponse response, AIContent content)
        => new(ChatRole.Assistant, [content]) { ModelId = response.ModelId, MessageId = "m", ResponseId = "r" };

    // A stream over preallocated pieces that completes each step synchronously, as a buffered network stream would.
    private sealed class Stream(ChatResponseUpdate[] pieces) : IAsyncEnumerable<ChatResponseUpdate>, IAsyncEnumerator<ChatResponseUpdate>
    {
        private int _at = -1;

        public ChatResponseUpdate Current => pieces[_at];

        public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public ValueTask<bool> MoveNextAsync() => new(++_at < pieces.Length);

        public ValueTask DisposeAsync() => default;
    }
}

/// <summary>
/// <see cref="AgentLoopStreamingBenchmarks"/> side by side in one process (as <see cref="AgentLoopInterleaved"/>):
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --agent-loop-streaming-interleaved [rounds] [runs]</c>.
/// </summary>
internal static class AgentLoopStreamingInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new AgentLoopStreamingBenchmarks();
        benchmarks.Setup();
        InterleavedComparison.Run(
            "agent loop, streamed", "RunAsync", "RunStreamingAsync",
            [
                new("10 tool turns (15 calls), 11 model calls", () => benchmarks.Run().GetAwaiter().GetResult(), () => benchmarks.RunStreaming().GetAwaiter().GetResult()),
            ],
            InterleavedComparison.Count(args, 0, 200), InterleavedComparison.Count(args, 1, 500));
        return 0;
    }
}
