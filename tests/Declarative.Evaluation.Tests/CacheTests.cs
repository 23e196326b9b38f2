using System.Text.Json;
using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation.Tests;

public sealed class CacheTests
{
    private static readonly HelpAgent Agent = new(new Shop());

    private static EvalDataset<string, string> Questions() => EvalDataset<string, string>.Parse("""
        {"id": "price", "input": "What does A-1 cost?"}
        {"id": "hello", "input": "Hello"}
        """, CaseReader.Text, "questions");

    private static ScriptedChatClient Model(string caseId) => caseId == "price"
        ? new ScriptedChatClient().ThenToolCalls(("get_price", new { sku = "A-1" })).WithUsage(100, 10).ThenText("A-1 costs 2.50 EUR.").WithUsage(150, 12)
        : new ScriptedChatClient().ThenText("Hello! How can I help?").WithUsage(80, 8);

    private static readonly Grader<string, string>[] Checks =
    [
        Graders.Completed<string, string>(),
        Graders.TextContains<string, string>(c => c.Id == "price" ? "2.50" : null),
    ];

    [Fact]
    public async Task An_unchanged_eval_run_again_asks_no_model_and_gives_the_same_result()
    {
        var cache = ResponseCache.InMemory();
        var first = await new EvalRunner(info => Model(info.CaseId), new EvalOptions { Cache = cache, Prices = Scripts.Prices })
            .RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);
        Assert.Equal((0, 3), (first.Summary.CacheHits, first.Summary.CacheMisses));
        Assert.Equal(3, cache.Count);

        // Any call to the model now fails the run: there must be none.
        var second = await new EvalRunner(_ => new ScriptedChatClient().ThenThrow(new InvalidOperationException("the model was called")),
            new EvalOptions { Cache = cache, Prices = Scripts.Prices }).RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);

        Assert.Equal((3, 0), (second.Summary.CacheHits, second.Summary.CacheMisses));
        Assert.Equal([2, 1], second.Cases.Select(c => c.Runs[0].CacheHits));
        Assert.Equal(first.Cases.Select(c => c.Runs[0].Text), second.Cases.Select(c => c.Runs[0].Text));
        Assert.Equal(first.Summary.PassRate, second.Summary.PassRate);
        Assert.Equal(first.Summary.Usage, second.Summary.Usage);
        Assert.Equal(first.Summary.Cost, second.Summary.Cost);
        Assert.Equal(
            first.Cases.SelectMany(c => c.Runs[0].Trace.ToolCalls).Select(t => (t.ToolName, t.Arguments, t.Result)),
            second.Cases.SelectMany(c => c.Runs[0].Trace.ToolCalls).Select(t => (t.ToolName, t.Arguments, t.Result)));
    }

    [Fact]
    public async Task Each_repetition_has_its_own_recorded_answer()
    {
        var cache = ResponseCache.InMemory();
        var answers = 0;
        var runner = new EvalRunner(_ => new ScriptedChatClient().Then((_, _) => Scripts.Text("answer " + Interlocked.Increment(ref answers))), new EvalOptions { Cache = cache, Repetitions = 3, MaxParallelism = 1 });
        var dataset = EvalDataset<string, string>.Parse("""{"id": "c", "input": "hi"}""", CaseReader.Text);
        var first = await runner.RunAsync(EvalTarget.TextAgent(Agent), dataset, [Graders.Completed<string, string>()]);
        Assert.Equal(["answer 1", "answer 2", "answer 3"], first.Cases[0].Runs.Select(r => r.Text));

        var again = await runner.RunAsync(EvalTarget.TextAgent(Agent), dataset, [Graders.Completed<string, string>()]);
        Assert.Equal(["answer 1", "answer 2", "answer 3"], again.Cases[0].Runs.Select(r => r.Text));
        Assert.Equal(3, again.Summary.CacheHits);
        Assert.Equal(3, answers);
    }

    [Fact]
    public async Task A_read_only_cache_fails_a_run_it_cannot_answer_and_says_how_to_fix_it()
    {
        var cache = ResponseCache.InMemory().WithMode(ResponseCacheMode.ReadOnly);
        var model = new ScriptedChatClient().ThenText("never");
        var result = await new EvalRunner(model, new EvalOptions { Cache = cache })
            .RunAsync(EvalTarget.TextAgent(Agent), EvalDataset<string, string>.Parse("""{"id": "c", "input": "hi"}""", CaseReader.Text), [Graders.Completed<string, string>()]);
        var run = result.Cases[0].Runs[0];
        Assert.False(run.Passed);
        Assert.Equal("ModelError", run.Status);
        Assert.Contains("response cache has no response", run.Reason);
        Assert.Equal((0, 1), (run.CacheHits, run.CacheMisses));
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task A_cache_in_a_directory_survives_the_process_and_refresh_records_again()
    {
        var directory = Directory.CreateTempSubdirectory("eval-cache");
        try
        {
            var options = new EvalOptions { Cache = ResponseCache.InDirectory(directory.FullName) };
            await new EvalRunner(info => Model(info.CaseId), options).RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);
            var files = Directory.GetFiles(directory.FullName, "*.json");
            Assert.Equal(3, files.Length);
            Assert.All(files, f => Assert.Matches("^[0-9a-f]{64}\\.json$", Path.GetFileName(f)));
            Assert.DoesNotContain(Directory.GetFiles(directory.FullName), f => f.EndsWith(".tmp", StringComparison.Ordinal));

            // A new cache over the same directory, read-only: the recorded eval runs with no model.
            var replay = await new EvalRunner(_ => new ScriptedChatClient(), new EvalOptions { Cache = ResponseCache.InDirectory(directory.FullName).WithMode(ResponseCacheMode.ReadOnly) })
                .RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);
            Assert.Equal((3, 0), (replay.Summary.CacheHits, replay.Summary.CacheMisses));
            Assert.Equal(1.0, replay.Summary.PassRate);
            Assert.Equal("A-1 costs 2.50 EUR.", replay.Cases[0].Runs[0].Text);

            // Refresh asks the model every time and replaces what was stored.
            var refresh = await new EvalRunner(info => info.CaseId == "price"
                    ? new ScriptedChatClient().ThenToolCalls(("get_price", new { sku = "A-1" })).ThenText("Now 2.50 EUR, still.")
                    : new ScriptedChatClient().ThenText("Hi."),
                new EvalOptions { Cache = ResponseCache.InDirectory(directory.FullName).WithMode(ResponseCacheMode.Refresh) })
                .RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);
            Assert.Equal((0, 3), (refresh.Summary.CacheHits, refresh.Summary.CacheMisses));
            var reread = await new EvalRunner(_ => new ScriptedChatClient(), new EvalOptions { Cache = ResponseCache.InDirectory(directory.FullName).WithMode(ResponseCacheMode.ReadOnly) })
                .RunAsync(EvalTarget.TextAgent(Agent), Questions(), Checks);
            Assert.Equal("Now 2.50 EUR, still.", reread.Cases[0].Runs[0].Text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_cache_file_is_reported_with_its_path()
    {
        var directory = Directory.CreateTempSubdirectory("eval-cache");
        try
        {
            var key = new string('a', 64);
            File.WriteAllText(Path.Combine(directory.FullName, key + ".json"), "{ not json");
            var error = Assert.Throws<InvalidDataException>(() => ResponseCache.InDirectory(directory.FullName).TryGet(key, out _));
            Assert.Contains(key + ".json: not a cached response", error.Message);
            Assert.Throws<ArgumentException>(() => ResponseCache.InDirectory(directory.FullName).TryGet("../../etc/passwd", out _));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_key_is_the_canonical_request()
    {
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")];
        var options = new ChatOptions { ModelId = "m", Temperature = 0, Tools = [AIFunctionFactory.CreateDeclaration("get_price", "Prices.", JsonElement.Parse("""{"type":"object"}"""))] };
        var key = ResponseCache.ComputeKey(messages, options, 1);

        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, ResponseCache.ComputeKey([new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi")], options.Clone(), 1));
        Assert.NotEqual(key, ResponseCache.ComputeKey(messages, options, 2));
        Assert.NotEqual(key, ResponseCache.ComputeKey([new(ChatRole.System, "Be brief."), new(ChatRole.User, "hi!")], options, 1));
        Assert.NotEqual(key, ResponseCache.ComputeKey(messages, new ChatOptions { ModelId = "other", Temperature = 0, Tools = options.Tools }, 1));
        Assert.NotEqual(key, ResponseCache.ComputeKey(messages, new ChatOptions { ModelId = "m", Temperature = 0,
            Tools = [AIFunctionFactory.CreateDeclaration("get_price", "Prices.", JsonElement.Parse("""{"type":"object","properties":{"sku":{"type":"string"}}}"""))] }, 1));

        // The order of a call's arguments is the model's whim; it does not change the key.
        ChatMessage Call(params (string, object?)[] arguments) => new(ChatRole.Assistant, [new FunctionCallContent("c1", "f", arguments.ToDictionary(a => a.Item1, a => a.Item2))]);
        Assert.Equal(ResponseCache.ComputeKey([Call(("a", 1), ("b", "x"))], null, 1), ResponseCache.ComputeKey([Call(("b", "x"), ("a", 1))], null, 1));
        Assert.NotEqual(ResponseCache.ComputeKey([Call(("a", 1))], null, 1), ResponseCache.ComputeKey([Call(("a", 2))], null, 1));
    }

    [Fact]
    public async Task A_streamed_call_is_cached_too()
    {
        var cache = ResponseCache.InMemory();
        var counters = new RunCounters();
        var inner = new ScriptedChatClient().ThenText("streamed answer");
        var client = new ResponseCachingChatClient(inner, cache, 1, counters);
        var first = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).ToChatResponseAsync();
        var second = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).ToChatResponseAsync();
        Assert.Equal("streamed answer", first.Text);
        Assert.Equal("streamed answer", second.Text);
        Assert.Equal((1, 1), (counters.Hits, counters.Misses));
        Assert.Single(inner.Requests);
    }
}
