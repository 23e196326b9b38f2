using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Declarative;
using Declarative.AgentFramework;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consumer;

/// <summary>A tool set with one tool that must be approved before it runs.</summary>
public sealed partial class Ledger
{
    /// <summary>How often <see cref="Refund"/> actually ran.</summary>
    public int Refunds { get; private set; }

    [Tool(ReadOnly = true), Description("Gets an account's balance.")]
    public decimal Balance([Description("The account.")] string account) => account.Length * 10m;

    [Tool(RequiresApproval = true), Description("Refunds an amount to an account.")]
    public string Refund([Description("The account.")] string account, [Description("The amount.")] decimal amount)
    {
        Refunds++;
        return $"refunded {amount} to {account}";
    }
}

/// <summary>
/// Microsoft.Extensions.AI middleware around the packaged tools and runner: the real
/// FunctionInvokingChatClient (with its approval flow) and a ChatClientBuilder pipeline under AgentRunner.
/// </summary>
public static class InteropChecks
{
    public static async Task RunAsync(Checks checks)
    {
        Checks.Section("Generated tools inside Microsoft.Extensions.AI's FunctionInvokingChatClient");

        await checks.RunAsync("the middleware calls generated tools and returns their results to the model", async () =>
        {
            var ledger = new Ledger();
            var model = new Script()
                .Calls(new FunctionCallContent("c1", "balance", Args("""{"account":"abc"}""")),
                       new FunctionCallContent("c2", "add", Args("""{"a":2,"b":40}""")))
                .Text("done");
            using var chat = new FunctionInvokingChatClient(model);
            var options = new ChatOptions { Tools = [.. ledger.AsAIFunctions(), .. MathTools.ToolSet.AsAIFunctions()] };
            var response = await chat.GetResponseAsync("go", options);
            var results = model.ResultsSeen(1);
            if (response.Text != "done")
            {
                return $"final text '{response.Text}'";
            }
            return Show(results, "c1") == "30" && Show(results, "c2") == "42"
                ? null
                : $"results seen by the model: c1={Show(results, "c1")}, c2={Show(results, "c2")}";
        });

        await checks.RunAsync("a bad argument reaches the model as an error with its JSON path, not an exception", async () =>
        {
            var model = new Script().Calls(new FunctionCallContent("c1", "add", Args("""{"a":"two","b":1}"""))).Text("ok");
            using var chat = new FunctionInvokingChatClient(model);
            await chat.GetResponseAsync("go", new ChatOptions { Tools = [.. MathTools.ToolSet.AsAIFunctions()] });
            var result = model.ResultsSeen(1)["c1"];
            return result is JsonElement { ValueKind: JsonValueKind.Object } error
                   && error.GetProperty("errors")[0].GetProperty("path").GetString() == "$.a"
                ? null
                : "result: " + Show(model.ResultsSeen(1), "c1");
        });

        checks.Run("AsAIFunctionsWithApproval wraps exactly the RequiresApproval tools in ApprovalRequiredAIFunction", () =>
        {
            var functions = new Ledger().AsAIFunctionsWithApproval();
            var wrapped = functions.Where(f => f is ApprovalRequiredAIFunction).Select(f => f.Name).ToList();
            return wrapped is ["refund"] ? null : $"wrapped: [{string.Join(", ", wrapped)}]";
        });

        foreach (var approved in new[] { true, false })
        {
            await checks.RunAsync($"approval flow: request, then {(approved ? "approval: the tool runs" : "denial: the tool does not run")}", async () =>
            {
                var ledger = new Ledger();
                var model = new Script()
                    .Calls(new FunctionCallContent("c1", "refund", Args("""{"account":"abc","amount":5}""")))
                    .Text("finished");
                using var chat = new FunctionInvokingChatClient(model);
                var options = new ChatOptions { Tools = [.. ledger.AsAIFunctionsWithApproval()] };
                List<ChatMessage> messages = [new(ChatRole.User, "refund abc 5")];

                var first = await chat.GetResponseAsync(messages, options);
                var requests = first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().ToList();
                if (requests.Count != 1 || ledger.Refunds != 0)
                {
                    return $"{requests.Count} approval requests, {ledger.Refunds} refunds before answering";
                }
                messages.AddRange(first.Messages);
                messages.Add(new ChatMessage(ChatRole.User, [requests[0].CreateResponse(approved)]));
                var second = await chat.GetResponseAsync(messages, options);

                var expectedRefunds = approved ? 1 : 0;
                var seen = Show(model.ResultsSeen(1), "c1");
                if (second.Text != "finished" || ledger.Refunds != expectedRefunds)
                {
                    return $"text '{second.Text}', {ledger.Refunds} refunds (expected {expectedRefunds})";
                }
                return approved == (seen == "\"refunded 5 to abc\"") ? null : "the model saw: " + seen;
            });
        }

        Checks.Section("AgentRunner over a ChatClientBuilder pipeline (UseOpenTelemetry, UseLogging, UseDistributedCache)");

        await checks.RunAsync("spans and logs appear, the cache serves the repeated run, and both runs are right", async () =>
        {
            var spans = new List<string>();
            using var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.Contains("Microsoft.Extensions.AI", StringComparison.Ordinal)
                                           || source.Name == DeclarativeTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => { lock (spans) { spans.Add(activity.Source.Name + ": " + activity.DisplayName); } },
            };
            ActivitySource.AddActivityListener(listener);
            var logs = new LogCollector();
            using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

            var model = new Script()
                .Calls(new FunctionCallContent("c1", "balance", Args("""{"account":"abcd"}""")))
                .Text("The balance is 40.");
            using var pipeline = new ChatClientBuilder(model)
                .UseOpenTelemetry(sourceName: "Consumer.Microsoft.Extensions.AI")
                .UseLogging(loggerFactory)
                .UseDistributedCache(cache)
                .Build();
            var runner = new AgentRunner(pipeline);
            var agent = Agent.Create("teller", "Answer with the balance.", new Ledger());

            var first = await runner.RunAsync(agent, "balance of abcd?");
            var second = await runner.RunAsync(agent, "balance of abcd?");

            foreach (var (label, run) in new[] { ("first", first), ("second", second) })
            {
                if (!run.IsCompleted || run.Text != "The balance is 40.")
                {
                    return $"{label} run: {run.Status} '{run.Text}' ({run.Reason})";
                }
                var toolResult = run.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString()).FirstOrDefault();
                if (toolResult != "40")
                {
                    return $"{label} run: tool result {toolResult}";
                }
            }
            if (model.CallCount != 2)
            {
                return $"the model was called {model.CallCount} times for two identical runs; the cache should have served the second";
            }
            List<string> seen;
            lock (spans)
            {
                seen = [.. spans];
            }
            var chatSpans = seen.Count(s => s.StartsWith("Consumer.Microsoft.Extensions.AI: ", StringComparison.Ordinal));
            var runSpans = seen.Count(s => s.StartsWith(DeclarativeTelemetry.SourceName + ": ", StringComparison.Ordinal));
            if (chatSpans != 4 || runSpans == 0)
            {
                return $"{chatSpans} chat spans (expected 4: two per run, cached or not), {runSpans} Declarative spans: [{string.Join("; ", seen)}]";
            }
            return logs.Count > 0 ? null : "LoggingChatClient wrote nothing";
        });
    }

    public static async Task RunAgentFrameworkAsync(Checks checks)
    {
        Checks.Section("Microsoft Agent Framework: the Declarative.AgentFramework package and ChatClientAgent");

        await checks.RunAsync("a Declarative agent as an AIAgent: tools run, the session carries turns, the trace is exposed", async () =>
        {
            var ledger = new Ledger();
            var model = new Script()
                .Calls(new FunctionCallContent("c1", "balance", Args("""{"account":"abcd"}""")))
                .Text("40")
                .Text("still 40");
            AIAgent agent = Agent.Create("teller", "Answer with the balance.", ledger).AsAIAgent(new AgentRunner(model));
            var session = await agent.CreateSessionAsync();
            var first = await agent.RunAsync("balance of abcd?", session);
            var second = await agent.RunAsync("and now?", session);
            if (first.Text != "40" || second.Text != "still 40" || Show(model.ResultsSeen(1), "c1") != "40")
            {
                return $"answers '{first.Text}', '{second.Text}'; tool result seen {Show(model.ResultsSeen(1), "c1")}";
            }
            if (first.AdditionalProperties?[DeclarativeAIAgent.TraceKey] is not RunTrace || first.Usage?.InputTokenCount != 20)
            {
                return $"trace {first.AdditionalProperties?[DeclarativeAIAgent.TraceKey]}, input tokens {first.Usage?.InputTokenCount}";
            }
            var replayed = model.MessagesSeen(2).Where(m => m.Role != ChatRole.System).Select(m => m.Text).Where(t => t.Length > 0).ToList();
            return replayed.SequenceEqual(["balance of abcd?", "40", "and now?"])
                ? null
                : "the second turn sent: " + string.Join(" | ", replayed);
        });

        await checks.RunAsync("ChatClientAgent calls generated tools (AsAIFunctions) and the model sees their results", async () =>
        {
            var ledger = new Ledger();
            var model = new Script()
                .Calls(new FunctionCallContent("c1", "balance", Args("""{"account":"abc"}""")))
                .Text("30");
            var agent = new ChatClientAgent(model, "Answer.", "teller", tools: [.. ledger.AsAIFunctions()]);
            var response = await agent.RunAsync("balance of abc?");
            var seen = Show(model.ResultsSeen(1), "c1");
            return response.Text == "30" && seen == "30" ? null : $"answer '{response.Text}', tool result seen {seen}";
        });
    }

    private static Dictionary<string, object?> Args(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static string Show(IReadOnlyDictionary<string, object?> results, string callId)
        => !results.TryGetValue(callId, out var value) ? "(none)"
         : value is JsonElement element ? element.GetRawText()
         : value?.ToString() ?? "null";

    /// <summary>A scripted model: each call returns the next response and records the messages it was sent.</summary>
    private sealed class Script : IChatClient
    {
        private readonly List<ChatMessage> _responses = [];
        private readonly List<List<ChatMessage>> _requests = [];

        public int CallCount => _requests.Count;

        public Script Calls(params AIContent[] calls)
        {
            _responses.Add(new ChatMessage(ChatRole.Assistant, calls));
            return this;
        }

        public Script Text(string text)
        {
            _responses.Add(new ChatMessage(ChatRole.Assistant, text));
            return this;
        }

        /// <summary>The messages of request <paramref name="index"/>.</summary>
        public IReadOnlyList<ChatMessage> MessagesSeen(int index) => index < _requests.Count ? _requests[index] : [];

        /// <summary>The tool results in request <paramref name="index"/>, by call id.</summary>
        public IReadOnlyDictionary<string, object?> ResultsSeen(int index)
            => index < _requests.Count
                ? _requests[index].SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToDictionary(r => r.CallId, r => r.Result)
                : new Dictionary<string, object?>();

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (_requests.Count >= _responses.Count)
            {
                throw new InvalidOperationException($"the script has only {_responses.Count} responses");
            }
            _requests.Add([.. messages]);
            var response = new ChatResponse(_responses[_requests.Count - 1])
            {
                ModelId = "scripted",
                Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 },
            };
            return Task.FromResult(response);
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                                   [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (var update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }

    private sealed class LogCollector : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => _count;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Interlocked.Increment(ref _count);

        public void Dispose()
        {
        }
    }
}
