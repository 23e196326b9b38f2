using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Declarative.Evaluation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Declarative.Benchmarks;

/// <summary>
/// The eval harness's own overhead: 20 cases of a zero-latency agent (a tool turn, then the answer) graded by two
/// code graders, through <see cref="EvalRunner"/>, against the same 20 runs and the same two checks written by hand.
/// The difference per case is what the harness costs (its target, pipeline of chat clients, grading, trace walk,
/// result, summary and error analysis).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class EvalHarnessBenchmarks
{
    public const int Cases = 20;

    private readonly EvalStatelessClient _client = new();
    private AgentLoopAgent _agent = null!;
    private AgentRunner _runner = null!;
    private EvalRunner _eval = null!;
    private EvalTarget<string, string> _target = null!;
    private EvalDataset<string, string> _dataset = null!;
    private Grader<string, string>[] _graders = null!;

    [GlobalSetup]
    public void Setup()
    {
        _agent = new AgentLoopAgent(new AgentLoopTools());
        _runner = new AgentRunner(_client);
        _eval = new EvalRunner(_client, new EvalOptions { MaxParallelism = 1 });
        _target = EvalTarget.TextAgent(_agent);
        _dataset = EvalDataset<string, string>.Create("bench", Enumerable.Range(0, Cases).Select(i => new EvalCase<string, string> { Id = "case-" + i, Input = "What is 1 + 2?" }));
        _graders = [Graders.Completed<string, string>(), Graders.TextContains<string, string>(_ => "3")];
        var byHand = ByHand().GetAwaiter().GetResult();
        var harness = Harness().GetAwaiter().GetResult();
        if (byHand != Cases || harness != Cases)
        {
            throw new InvalidOperationException($"Not every case passed: by hand {byHand}, harness {harness}.");
        }
    }

    /// <summary>The runs and the two checks, by hand.</summary>
    [Benchmark(Baseline = true, Description = "20 runs + 2 checks by hand")]
    public async Task<int> ByHand()
    {
        var passed = 0;
        for (var i = 0; i < Cases; i++)
        {
            var result = await _runner.RunAsync(_agent, _dataset[i].Input).ConfigureAwait(false);
            if (result.IsCompleted && result.Text is { } text && text.Contains('3', StringComparison.Ordinal))
            {
                passed++;
            }
        }
        return passed;
    }

    /// <summary>The same through the harness.</summary>
    [Benchmark(Description = "EvalRunner, 20 cases, 2 code graders")]
    public async Task<int> Harness()
    {
        var result = await _eval.RunAsync(_target, _dataset, _graders).ConfigureAwait(false);
        return result.Summary.PassedRuns;
    }
}

/// <summary>
/// A response-cache hit: the harness's <see cref="ResponseCache"/> against Microsoft.Extensions.AI's
/// <c>DistributedCachingChatClient</c> over a <c>MemoryDistributedCache</c>, on the same request (instructions, a
/// question, a tool call and its result; two tools with their schemas).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ResponseCacheBenchmarks
{
    private readonly List<ChatMessage> _messages =
    [
        new(ChatRole.System, "You are a benchmark agent. Use the tools."),
        new(ChatRole.User, "What is 1 + 2, and is SG-001 in stock?"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "add", new Dictionary<string, object?> { ["a"] = JsonElement.Parse("1"), ["b"] = JsonElement.Parse("2") })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", JsonElement.Parse("3"))]),
    ];

    private ChatOptions _options = null!;
    private IChatClient _ours = null!;
    private IChatClient _theirs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tools = ((IAgent)new AgentLoopAgent(new AgentLoopTools())).Tools.Tools;
        _options = new ChatOptions
        {
            ModelId = "scripted",
            Temperature = 0,
            Tools = [.. tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema))],
        };
        var answer = new EvalStatelessClient();
        _ours = new ResponseCachingChatClient(answer, ResponseCache.InMemory(), 1, new RunCounters());
        _theirs = new DistributedCachingChatClient(answer, new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
        // Fill both caches, then check that a hit gives the stored answer.
        foreach (var client in new[] { _ours, _theirs })
        {
            var first = client.GetResponseAsync(_messages, _options).GetAwaiter().GetResult().Text;
            var second = client.GetResponseAsync(_messages, _options).GetAwaiter().GetResult().Text;
            if (first != second || answer.Calls != (client == _ours ? 1 : 2))
            {
                throw new InvalidOperationException($"The cache did not answer the second call ({answer.Calls} model calls).");
            }
        }
    }

    /// <summary>Microsoft.Extensions.AI's caching client, a hit.</summary>
    [Benchmark(Baseline = true, Description = "DistributedCachingChatClient hit")]
    public Task<ChatResponse> Theirs() => _theirs.GetResponseAsync(_messages, _options);

    /// <summary>The eval harness's cache, a hit.</summary>
    [Benchmark(Description = "ResponseCache hit")]
    public Task<ChatResponse> Ours() => _ours.GetResponseAsync(_messages, _options);
}

/// <summary>A model that answers at once and holds no state: a tool call to <c>add</c>, then, after its result, "3".</summary>
internal sealed class EvalStatelessClient : IChatClient
{
    private static readonly Dictionary<string, object?> Arguments = new() { ["a"] = JsonElement.Parse("1"), ["b"] = JsonElement.Parse("2") };
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var last = messages is IList<ChatMessage> list ? list[^1] : messages.Last();
        var response = last.Role == ChatRole.Tool
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "1 + 2 = 3.")) { FinishReason = ChatFinishReason.Stop }
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "add", new Dictionary<string, object?>(Arguments))])) { FinishReason = ChatFinishReason.ToolCalls };
        response.ModelId = "scripted";
        response.Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 };
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>
/// Both comparisons interleaved in one process:
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --eval-interleaved [rounds] [calls]</c>.
/// </summary>
internal static class EvalInterleaved
{
    public static int Run(string[] args)
    {
        var harness = new EvalHarnessBenchmarks();
        harness.Setup();
        var cache = new ResponseCacheBenchmarks();
        cache.Setup();
        var rounds = InterleavedComparison.Count(args, 0, 100);
        var calls = InterleavedComparison.Count(args, 1, 100);
        InterleavedComparison.Run("eval harness (per case: the element)", "by hand", "EvalRunner",
            [new("20 cases, 2 code graders", () => harness.ByHand().GetAwaiter().GetResult(), () => harness.Harness().GetAwaiter().GetResult(), EvalHarnessBenchmarks.Cases)],
            rounds, calls);
        InterleavedComparison.Run("response cache hit", "DistributedCachingChatClient", "ResponseCache",
            [new("hit: 4 messages, 2 tools", () => cache.Theirs().GetAwaiter().GetResult(), () => cache.Ours().GetAwaiter().GetResult())],
            rounds, calls * 20);
        return 0;
    }
}
