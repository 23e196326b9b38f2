using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>A specialist's typed input.</summary>
/// <param name="Topic">What to look at.</param>
public sealed record BenchBrief(string Topic);

/// <summary>A specialist's typed answer.</summary>
/// <param name="Text">The note.</param>
public sealed record BenchNote(string Text);

[Agent("You look at prices.", Model = "a", Description = "Looks at prices.", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchPrices;

[Agent("You look at reviews.", Model = "b", Description = "Looks at reviews.", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchReviews;

[Agent("You look at stock.", Model = "c", Description = "Looks at stock.", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchStock;

[Agent("You look at shipping.", Model = "d", Description = "Looks at shipping.", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchShipping;

/// <summary>The manager: one generated tool per specialist, each call a nested run.</summary>
[Agent("You ask your three specialists and report.", Model = "manager", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchManager([UseAgent] BenchPrices prices, [UseAgent] BenchReviews reviews, [UseAgent] BenchStock stock);

/// <summary>The same manager by hand: plain tools returning what the specialists answered in their own runs.</summary>
[Agent("You ask your three specialists and report.", Model = "manager", InputType = typeof(BenchBrief), OutputType = typeof(BenchNote))]
public sealed partial class BenchPlainManager
{
    /// <summary>The specialists' answers, filled by the runs done by hand before the manager's.</summary>
    public BenchNote[] Answers { get; } = new BenchNote[3];

    /// <summary>Prices.</summary>
    /// <param name="topic">What to look at.</param>
    [Tool("bench_prices")] public BenchNote Prices(string topic) => Answers[0];

    /// <summary>Reviews.</summary>
    /// <param name="topic">What to look at.</param>
    [Tool("bench_reviews")] public BenchNote Reviews(string topic) => Answers[1];

    /// <summary>Stock.</summary>
    /// <param name="topic">What to look at.</param>
    [Tool("bench_stock")] public BenchNote Stock(string topic) => Answers[2];
}

/// <summary>Four specialists at once; their notes joined.</summary>
[Parallel]
public sealed partial class BenchFanOut([UseAgent] BenchPrices prices, [UseAgent] BenchReviews reviews, [UseAgent] BenchStock stock, [UseAgent] BenchShipping shipping)
{
    [Join]
    public static BenchNote Join(BenchNote prices, BenchNote reviews, BenchNote stock, BenchNote shipping)
        => new(string.Join(" ", prices.Text, reviews.Text, stock.Text, shipping.Text));
}

/// <summary>
/// A composition's own overhead: a manager delegating to three specialists (zero-latency scripted models), against the
/// same four runs done one by one by hand — each specialist run on its own, then the manager over plain tools that return
/// their answers. Both make the same seven model calls and read the same typed answers.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class OrchestrationBenchmarks
{
    private static readonly BenchBrief Brief = new("round frames");

    private readonly Dictionary<string, AgentLoopScriptedClient> _clients = [];
    private AgentRunner _runner = null!;
    private BenchManager _manager = null!;
    private BenchPlainManager _plain = null!;
    private BenchPrices _prices = null!;
    private BenchReviews _reviews = null!;
    private BenchStock _stock = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new ModelRegistry();
        foreach (var (tier, text) in new[] { ("a", "cheap"), ("b", "loved"), ("c", "in stock") })
        {
            _clients[tier] = new AgentLoopScriptedClient([Json($$"""{"text":"{{text}}"}""")]);
            registry.Add(tier, _clients[tier], "bench-" + tier);
        }
        _clients["manager"] = new AgentLoopScriptedClient(
        [
            Call("bench_prices", "c1"), Call("bench_reviews", "c2"), Call("bench_stock", "c3"), Json("""{"text":"cheap, loved, in stock"}"""),
        ]);
        registry.Add("manager", _clients["manager"], "bench-manager");
        _runner = new AgentRunner(registry);
        (_prices, _reviews, _stock) = (new BenchPrices(), new BenchReviews(), new BenchStock());
        _manager = new BenchManager(_prices, _reviews, _stock);
        _plain = new BenchPlainManager();
        var byHand = FourRunsByHand().GetAwaiter().GetResult();
        var composed = ManagerOverSpecialists().GetAwaiter().GetResult();
        if (byHand != "cheap, loved, in stock" || composed != byHand)
        {
            throw new InvalidOperationException($"The runs did not finish the script: by hand '{byHand}', manager '{composed}'.");
        }
    }

    private void Reset()
    {
        foreach (var client in _clients.Values)
        {
            client.Reset();
        }
    }

    /// <summary>The four runs by hand: three specialists, then the manager over plain tools returning their answers.</summary>
    [Benchmark(Baseline = true, Description = "four runs by hand")]
    public async Task<string?> FourRunsByHand()
    {
        Reset();
        _plain.Answers[0] = (await _runner.RunAsync(_prices, Brief).ConfigureAwait(false)).Output!;
        _plain.Answers[1] = (await _runner.RunAsync(_reviews, Brief).ConfigureAwait(false)).Output!;
        _plain.Answers[2] = (await _runner.RunAsync(_stock, Brief).ConfigureAwait(false)).Output!;
        return (await _runner.RunAsync(_plain, Brief).ConfigureAwait(false)).Output?.Text;
    }

    /// <summary>The manager delegating to the three as nested runs: one run, one trace tree, one budget.</summary>
    [Benchmark(Description = "manager over 3 specialists")]
    public async Task<string?> ManagerOverSpecialists()
    {
        Reset();
        return (await _runner.RunAsync(_manager, Brief).ConfigureAwait(false)).Output?.Text;
    }

    private static ChatResponse Json(string json) => new(new ChatMessage(ChatRole.Assistant, json));

    private static ChatResponse Call(string name, string id)
        => new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, name, new Dictionary<string, object?> { ["topic"] = System.Text.Json.JsonElement.Parse("\"round frames\"") })]));
}

/// <summary>A model that answers after a fixed delay: a specialist of known latency.</summary>
internal sealed class DelayedClient(TimeSpan delay, string json) : IChatClient
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, json));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                          CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --orchestration-interleaved [rounds] [runs]</c>: the
/// <see cref="OrchestrationBenchmarks"/> comparison side by side in one process, then a 4-way parallel step whose
/// specialists each take 200 ms, timed against 200 ms (wall clock, median of 20 runs).
/// </summary>
internal static class OrchestrationInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new OrchestrationBenchmarks();
        benchmarks.Setup();
        InterleavedComparison.Run(
            "orchestration", "four runs by hand", "manager over 3 specialists",
            [
                new("manager delegating to 3 typed specialists, zero-latency models (7 model calls)",
                    () => benchmarks.FourRunsByHand().GetAwaiter().GetResult(), () => benchmarks.ManagerOverSpecialists().GetAwaiter().GetResult()),
            ],
            InterleavedComparison.Count(args, 0, 200), InterleavedComparison.Count(args, 1, 500));

        var latency = TimeSpan.FromMilliseconds(200);
        var registry = new ModelRegistry();
        foreach (var tier in new[] { "a", "b", "c", "d" })
        {
            registry.Add(tier, new DelayedClient(latency, $$"""{"text":"{{tier}}"}"""), "bench-" + tier);
        }
        var runner = new AgentRunner(registry);
        var fanOut = new BenchFanOut(new BenchPrices(), new BenchReviews(), new BenchStock(), new BenchShipping());
        var times = new List<double>();
        for (var i = 0; i < 22; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = runner.RunAsync(fanOut, new BenchBrief("x")).GetAwaiter().GetResult();
            clock.Stop();
            if (result.Output?.Text != "a b c d")
            {
                throw new InvalidOperationException($"The fan-out did not finish: {result.Status} {result.Reason}");
            }
            if (i >= 2)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);   // the first two warm up
            }
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parallel: 4 branches of {latency.TotalMilliseconds:0} ms each: median {median:0.0} ms, best {times[0]:0.0} ms, worst {times[^1]:0.0} ms over {times.Count} runs = {median / latency.TotalMilliseconds:0.000}x one branch"));
        return 0;
    }
}
