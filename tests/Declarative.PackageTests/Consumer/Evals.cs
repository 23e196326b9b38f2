using System.ComponentModel;
using Declarative;
using Declarative.Evaluation;
using Declarative.Reflection;
using Microsoft.Extensions.AI;

namespace Consumer;

/// <summary>A counter's tools: one read-only, one that changes something.</summary>
public sealed partial class Counter
{
    [Tool(ReadOnly = true), Description("Reads a counter.")]
    public int Read([Description("The counter.")] string name) => name.Length;

    [Tool, Description("Resets a counter.")]
    public string Reset([Description("The counter.")] string name) => "reset " + name;
}

[Agent("You answer questions about counters.", Model = "m")]
public sealed partial class CounterAgent([UseTools] Counter counter);

/// <summary>The Declarative.Evaluation package, restored from its .nupkg: a dataset, graders, the runner, the cache, the JSON report.</summary>
public static class EvalChecks
{
    private const string Cases = """
        {"id": "read", "input": "How much is on 'apples'?", "expected": "6", "tags": ["read"]}
        {"id": "reset", "input": "What is on 'pears'?", "expected": "5", "tags": ["read", "hard"]}
        """;

    public static async Task RunAsync(Checks checks)
    {
        Checks.Section("Declarative.Evaluation from its package");
        var agent = new CounterAgent(new Counter());
        var dataset = EvalDataset<string, string>.Parse(Cases, CaseReader.Text, "counters");
        Grader<string, string>[] graders =
        [
            Graders.Completed<string, string>(),
            Graders.NeverCalledWriteTools<string, string>(((IAgent)agent).Tools),
            Graders.CalledTool<string, string>("read"),
            Grader.Create<string, string>("answer", (c, run) => run.Text == c.Expected ? CheckResult.Pass() : CheckResult.Fail($"said {run.Text}")),
        ];
        var cache = ResponseCache.InMemory();
        // "reset" is the case that fails on purpose: the model resets the counter before reading it.
        IChatClient Model(EvalCaseInfo info) => info.CaseId == "read"
            ? new Replay(Call("read", "apples"), Text("6"))
            : new Replay(Call("reset", "pears"), Call("read", "pears"), Text("5"));
        var result = await new EvalRunner(Model, new EvalOptions { Cache = cache }).RunAsync(EvalTarget.TextAgent(agent), dataset, graders);

        checks.Run("an eval runs and grades every case", () => (result.Summary.Runs, result.Summary.PassedRuns) == (2, 1)
            ? null : $"{result.Summary.PassedRuns} of {result.Summary.Runs} passed");
        checks.Run("the first failure in trace order is the component to blame", () => result.Cases[1].Runs[0].FailedComponent == "tool:reset"
            ? null : $"blamed {result.Cases[1].Runs[0].FailedComponent}");
        checks.Run("the error analysis has a row per tag", () => result.Errors.ByTag.Select(t => t.Tag).SequenceEqual(["hard", "read"])
            ? null : string.Join(",", result.Errors.ByTag.Select(t => t.Tag)));

        var replay = await new EvalRunner(_ => new Replay(), new EvalOptions { Cache = cache.WithMode(ResponseCacheMode.ReadOnly) })
            .RunAsync(EvalTarget.TextAgent(agent), dataset, graders);
        checks.Run("a re-run is answered from the response cache", () => (replay.Summary.CacheHits, replay.Summary.CacheMisses, replay.Summary.PassedRuns) == (5, 0, 1)
            ? null : $"hits {replay.Summary.CacheHits}, misses {replay.Summary.CacheMisses}, passed {replay.Summary.PassedRuns}");
        checks.Run("the JSON report round-trips", () =>
        {
            var json = EvalResultJson.Write(result);
            return EvalResultJson.Write(EvalResultJson.Read(json)) == json ? null : "the report changed when read back";
        });
        checks.Run("a bad dataset line is reported with its line and path", () =>
        {
            try
            {
                EvalDataset<string, string>.Parse("{\"id\": \"a\", \"input\": \"x\"}\n{\"id\": \"b\", \"input\": 3}", CaseReader.Text, "bad");
                return "no error";
            }
            catch (EvalDatasetException error)
            {
                return error.Errors.Single().ToString() == "bad:2: $.input: expected a string" ? null : error.Errors.Single().ToString();
            }
        });
    }

    private static ChatResponse Call(string tool, string name)
        => new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_" + tool + name, tool, new Dictionary<string, object?> { ["name"] = name })]));

    private static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    // A model that gives its responses in order, and fails when it has none left.
    private sealed class Replay(params ChatResponse[] responses) : IChatClient
    {
        private int _next;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => _next < responses.Length ? Task.FromResult(responses[_next++]) : throw new InvalidOperationException("the model was asked once too often");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
