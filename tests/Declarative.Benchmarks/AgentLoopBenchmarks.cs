using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Declarative.Benchmarks;

/// <summary>
/// The tool-calling loop's own overhead: a scripted model that answers at once asks for
/// <see cref="AgentLoopScript.ToolTurns"/> rounds of one or two calls to cheap tools, then answers.
/// The baseline is the loop a user would write by hand over <see cref="AIFunctionFactory"/> tools;
/// the others are <see cref="AgentRunner"/> running a generated <c>[Agent]</c> over generated tools,
/// without and with an OpenTelemetry listener on the <c>Declarative</c> source.
/// </summary>
/// <remarks>Min and Median beside the Mean: on a shared machine they are the steadier figures.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class AgentLoopBenchmarks
{
    private const string Instructions = "You are a benchmark agent. Use the tools.";
    private const string Input = "Add some numbers and check some stock.";

    private readonly AgentLoopScriptedClient _client = new(AgentLoopScript.Build());
    private readonly AgentLoopTools _tools = new();
    private AgentLoopAgent _agent = null!;
    private AgentRunner _runner = null!;
    private Dictionary<string, AIFunction> _functions = null!;
    private List<AITool> _functionList = null!;
    private ActivityListener? _listener;

    [GlobalSetup]
    public void Setup()
    {
        // What a user would build once at startup, either way.
        _functions = new Dictionary<string, AIFunction>(StringComparer.Ordinal)
        {
            ["add"] = AIFunctionFactory.Create(_tools.Add, "add", "Adds two numbers."),
            ["check_stock"] = AIFunctionFactory.Create(_tools.CheckStock, "check_stock", "Checks the stock of an item."),
        };
        _functionList = [.. _functions.Values];
        _agent = new AgentLoopAgent(_tools);
        _runner = new AgentRunner(_client, new AgentRunOptions { MaxIterations = AgentLoopScript.ToolTurns + 5 });

        // Both loops must get through the whole script to the same answer, or the numbers mean nothing.
        var byHand = HandWrittenLoop().GetAwaiter().GetResult();
        var ours = AgentRunnerLoop().GetAwaiter().GetResult();
        if (byHand != AgentLoopScript.Answer || ours != AgentLoopScript.Answer)
        {
            throw new InvalidOperationException($"The loops did not finish the script: by hand '{byHand}', AgentRunner '{ours}'.");
        }
    }

    [GlobalSetup(Target = nameof(AgentRunnerLoopTraced))]
    public void SetupTraced()
    {
        // An exporter-less listener that samples everything: what an app with OpenTelemetry tracing on pays.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        Setup();
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    /// <summary>The loop written by hand over <c>AIFunctionFactory</c> tools: call the model, run its calls, repeat.</summary>
    [Benchmark(Baseline = true, Description = "hand-written loop (AIFunctionFactory)")]
    public async Task<string?> HandWrittenLoop()
    {
        _client.Reset();
        var messages = new List<ChatMessage> { new(ChatRole.System, Instructions), new(ChatRole.User, Input) };
        var options = new ChatOptions { Tools = _functionList, AllowMultipleToolCalls = true };
        for (var iteration = 0; iteration < AgentLoopScript.ToolTurns + 5; iteration++)
        {
            var response = await _client.GetResponseAsync(messages, options).ConfigureAwait(false);
            messages.AddRange(response.Messages);
            List<AIContent>? results = null;
            foreach (var message in response.Messages)
            {
                foreach (var content in message.Contents)
                {
                    if (content is not FunctionCallContent call)
                    {
                        continue;
                    }
                    object? result;
                    if (!_functions.TryGetValue(call.Name, out var function))
                    {
                        result = $"Error: unknown tool '{call.Name}'.";
                    }
                    else
                    {
                        try
                        {
                            result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments)).ConfigureAwait(false);
                        }
                        catch (Exception ex)
                        {
                            result = "Error: " + ex.Message;
                        }
                    }
                    (results ??= []).Add(new FunctionResultContent(call.CallId, result));
                }
            }
            if (results is null)
            {
                return response.Text;
            }
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
        return null;
    }

    /// <summary><c>AgentRunner.RunAsync</c> over the generated agent: tracing, parallel read-only calls, limits, usage.</summary>
    [Benchmark(Description = "AgentRunner ([Agent], generated tools)")]
    public async Task<string?> AgentRunnerLoop()
    {
        _client.Reset();
        var result = await _runner.RunAsync(_agent, Input).ConfigureAwait(false);
        return result.Text;
    }

    /// <summary>The same, with a listener sampling every activity of the <c>Declarative</c> source.</summary>
    [Benchmark(Description = "AgentRunner, OpenTelemetry listening")]
    public Task<string?> AgentRunnerLoopTraced() => AgentRunnerLoop();
}

/// <summary>The script: rounds of one call (<c>add</c>) or two (<c>add</c> and <c>check_stock</c>), then a text answer.</summary>
internal static class AgentLoopScript
{
    /// <summary>The rounds of tool calls before the answer.</summary>
    public const int ToolTurns = 10;

    public const string Answer = "All done.";

    public static ChatResponse[] Build()
    {
        var responses = new ChatResponse[ToolTurns + 1];
        for (var turn = 0; turn < ToolTurns; turn++)
        {
            // Arguments as an OpenAI-compatible client delivers them: JSON elements by name.
            var contents = new List<AIContent>
            {
                new FunctionCallContent($"call_{turn}_a", "add", new Dictionary<string, object?>
                {
                    ["a"] = JsonElement.Parse(turn.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ["b"] = JsonElement.Parse("2"),
                }),
            };
            if (turn % 2 == 1)
            {
                contents.Add(new FunctionCallContent($"call_{turn}_b", "check_stock", new Dictionary<string, object?>
                {
                    ["sku"] = JsonElement.Parse("\"SG-00" + (turn % 8) + "\""),
                }));
            }
            responses[turn] = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
            {
                FinishReason = ChatFinishReason.ToolCalls,
                ModelId = "scripted",
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
            };
        }
        responses[ToolTurns] = new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = "scripted",
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
        };
        return responses;
    }
}

/// <summary>A model that costs nothing: preallocated responses (and tasks), handed out in order; <see cref="Reset"/> per run.</summary>
internal sealed class AgentLoopScriptedClient(ChatResponse[] responses) : IChatClient
{
    private readonly Task<ChatResponse>[] _tasks = [.. responses.Select(Task.FromResult)];
    private int _next;

    public void Reset() => _next = 0;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => _next < _tasks.Length ? _tasks[_next++] : throw new InvalidOperationException("The script is used up; call Reset() per run.");

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
                                                                          CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>Two cheap read-only tools.</summary>
public sealed partial class AgentLoopTools
{
    /// <summary>Adds two numbers.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    [Tool(ReadOnly = true)]
    public int Add(int a, int b) => a + b;

    /// <summary>Checks the stock of an item.</summary>
    /// <param name="sku">The item's id.</param>
    [Tool(ReadOnly = true)]
    public AgentLoopStock CheckStock(string sku) => new(sku, sku.Length * 3, InStock: true);
}

/// <summary>A stock level.</summary>
/// <param name="Sku">The item's id.</param>
/// <param name="Quantity">Units on the shelf.</param>
/// <param name="InStock">Whether any can ship.</param>
public sealed record AgentLoopStock(string Sku, int Quantity, bool InStock);

/// <summary>The agent under benchmark.</summary>
[Agent("You are a benchmark agent. Use the tools.")]
public sealed partial class AgentLoopAgent([UseTools] AgentLoopTools tools);
