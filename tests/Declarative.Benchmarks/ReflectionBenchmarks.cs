using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>
/// The reflection loop's own overhead: a 3-round reflection (two drafts fail a code check, the third passes)
/// with a model that answers at once, against three plain runs of the same agent over the same six model
/// responses. Each round (and each plain run) is a tool turn, then a typed answer.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ReflectionBenchmarks
{
    private const string Input = "Write a blurb for the round frames.";

    private readonly AgentLoopScriptedClient _client = new(ReflectionScript.Build());
    private ReflectionWriter _writer = null!;
    private AgentRunner _runner = null!;
    private ReflectionRunner _reflection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new ReflectionWriter(new AgentLoopTools());
        _runner = new AgentRunner(_client);
        // Rounds 1 and 2 fail the same check: no-improvement stopping is off, so all three rounds run.
        _reflection = new ReflectionRunner(_client, new ReflectionOptions { MaxRounds = 3, StopAfterRepeatedFailures = 0 });
        var plain = ThreePlainRuns().GetAwaiter().GetResult();
        var reflected = ThreeRoundReflection().GetAwaiter().GetResult();
        if (plain != "Sunny" || reflected != "Sunny")
        {
            throw new InvalidOperationException($"The runs did not finish the script: plain '{plain}', reflection '{reflected}'.");
        }
    }

    /// <summary>Three runs of the agent, one after another, each on its own.</summary>
    [Benchmark(Baseline = true, Description = "three plain runs")]
    public async Task<string?> ThreePlainRuns()
    {
        _client.Reset();
        AgentRunResult<ReflectionBlurb>? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await _runner.RunAsync(_writer, Input).ConfigureAwait(false);
        }
        return last!.Output?.Headline;
    }

    /// <summary>The same three drafts as one reflection loop: checks, revision requests, one trace.</summary>
    [Benchmark(Description = "3-round reflection")]
    public async Task<string?> ThreeRoundReflection()
    {
        _client.Reset();
        var result = await _reflection.RunAsync(_writer, Input).ConfigureAwait(false);
        return result.IsAccepted && result.Rounds.Count == 3 ? result.Value!.Headline : result.Status.ToString();
    }
}

internal static class ReflectionScript
{
    public static ChatResponse[] Build()
    {
        var responses = new List<ChatResponse>();
        foreach (var headline in new[] { "A very long headline", "Another long headline", "Sunny" })
        {
            responses.Add(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                [new FunctionCallContent("call_" + responses.Count, "add", new Dictionary<string, object?> { ["a"] = JsonElement.Parse("1"), ["b"] = JsonElement.Parse("2") })]))
            {
                FinishReason = ChatFinishReason.ToolCalls,
                ModelId = "scripted",
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
            });
            responses.Add(new ChatResponse(new ChatMessage(ChatRole.Assistant, $$"""{"headline":"{{headline}}","body":"Round frames, $59."}"""))
            {
                FinishReason = ChatFinishReason.Stop,
                ModelId = "scripted",
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
            });
        }
        return [.. responses];
    }
}

/// <summary>A blurb.</summary>
/// <param name="Headline">Its headline.</param>
/// <param name="Body">Its body.</param>
public sealed record ReflectionBlurb(string Headline, string Body);

/// <summary>A writer with one code check.</summary>
[Agent("Write a blurb as JSON.", OutputType = typeof(ReflectionBlurb))]
public sealed partial class ReflectionWriter([UseTools] AgentLoopTools tools)
{
    /// <summary>Headlines of at most 10 characters.</summary>
    /// <param name="blurb">The candidate.</param>
    [Check]
    public CheckResult ShortHeadline(ReflectionBlurb blurb) => blurb.Headline.Length <= 10
        ? CheckResult.Pass()
        : CheckResult.Fail("The headline must be at most 10 characters.", new ToolError("$.headline", blurb.Headline.Length + " characters"));
}

/// <summary>
/// The <see cref="ReflectionBenchmarks"/> comparison side by side in one process:
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --reflection-interleaved [rounds] [runs]</c>.
/// </summary>
internal static class ReflectionInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new ReflectionBenchmarks();
        benchmarks.Setup();
        InterleavedComparison.Run(
            "reflection", "three plain runs", "3-round reflection",
            [
                new("3 drafts (a tool turn and a typed answer each), 1 code check", () => benchmarks.ThreePlainRuns().GetAwaiter().GetResult(), () => benchmarks.ThreeRoundReflection().GetAwaiter().GetResult()),
            ],
            InterleavedComparison.Count(args, 0, 200), InterleavedComparison.Count(args, 1, 500));
        return 0;
    }
}
