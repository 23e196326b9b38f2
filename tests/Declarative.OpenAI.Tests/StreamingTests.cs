using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.OpenAI.Tests.TestSupport;

namespace Declarative.OpenAI.Tests;

public class StreamingTests
{
    private static string Chunk(string delta, string? finish = null) =>
        """{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1700000100,"model":"gpt-4o-mini","choices":[{"index":0,"delta":%DELTA%,"logprobs":null,"finish_reason":%FINISH%}],"usage":null}"""
            .Replace("%DELTA%", delta)
            .Replace("%FINISH%", finish is null ? "null" : JsonSerializer.Serialize(finish));

    private const string UsageChunk =
        """{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1700000100,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70,"prompt_tokens_details":{"cached_tokens":32}}}""";

    [Fact]
    public async Task Text_arrives_as_updates_and_usage_comes_last()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Stream(
            Chunk("""{"role":"assistant","content":"","refusal":null}"""),
            Chunk("""{"content":"Hel"}"""),
            Chunk("""{"content":"lo!"}"""),
            Chunk("{}", "stop"),
            UsageChunk));
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.Equal(["Hel", "lo!"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal("chatcmpl-s1", u.ResponseId));
        var response = updates.ToChatResponse();
        Assert.Equal("Hello!", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("gpt-4o-mini", response.ModelId);
        Assert.Equal(70, response.Usage?.TotalTokenCount);
        Assert.Equal(32, response.Usage?.CachedInputTokenCount);
        Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));

        var body = server.Requests[0].Json;
        Assert.True(body.GetProperty("stream").GetBoolean());
        JsonEqual("""{"include_usage": true}""", body.GetProperty("stream_options"));
    }

    [Fact]
    public async Task Tool_call_fragments_are_assembled_into_complete_calls()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Stream(
            Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"get_item_price","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"ite"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":"call_B","type":"function","function":{"name":"get_stock","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"mId\": \"x\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"{\"itemId\""}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":": \"y\", \"n\": 3}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":2,"id":"call_C","type":"function","function":{"name":"broken","arguments":"{\"oops\": "}}]}"""),
            Chunk("{}", "tool_calls"),
            UsageChunk));
        using var client = Client(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("prices", new ChatOptions { Tools = [new TestFunction("get_item_price", "P", """{"type":"object"}""")] }))
        {
            updates.Add(update);
        }

        var callUpdate = Assert.Single(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        Assert.Equal(ChatFinishReason.ToolCalls, callUpdate.FinishReason);
        var calls = callUpdate.Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_A", "call_B", "call_C"], calls.Select(c => c.CallId));
        Assert.Equal(["get_item_price", "get_stock", "broken"], calls.Select(c => c.Name));
        Assert.Equal("x", ((JsonElement)calls[0].Arguments!["itemId"]!).GetString());
        Assert.Equal("y", ((JsonElement)calls[1].Arguments!["itemId"]!).GetString());
        Assert.Equal(3, ((JsonElement)calls[1].Arguments!["n"]!).GetInt32());
        Assert.Null(calls[2].Arguments);
        Assert.Equal("{\"oops\": ", calls[2].AdditionalProperties![OpenAIPropertyNames.RawArguments]);
        Assert.IsType<InvalidDataException>(calls[2].Exception);

        var response = updates.ToChatResponse();
        Assert.Equal(3, response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Count());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(50, response.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Whole_tool_calls_without_index_and_a_stream_without_done_are_handled()
    {
        // Some local servers send each call whole, without "index", and end the stream without [DONE].
        using var server = new FakeChatServer().Enqueue(new CannedResponse
        {
            ContentType = "text/event-stream",
            Events =
            [
                ": keep-alive\n\n",
                "data: " + Chunk("""{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"a","arguments":"{\"q\":1}"}}]}""") + "\n\n",
                "data: " + Chunk("""{"tool_calls":[{"id":"call_2","type":"function","function":{"name":"b","arguments":{"q":2}}}]}""") + "\n\n",
                "data: " + Chunk("{}", "tool_calls") + "\n\n",
            ],
        });
        using var client = Client(server);

        var response = await client.GetStreamingResponseAsync("go").ToChatResponseAsync();

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["a", "b"], calls.Select(c => c.Name));
        Assert.Equal(1, ((JsonElement)calls[0].Arguments!["q"]!).GetInt32());
        Assert.Equal(2, ((JsonElement)calls[1].Arguments!["q"]!).GetInt32());
    }

    [Fact]
    public async Task A_finish_reason_the_openai_package_does_not_know_survives_a_stream()
    {
        // DeepSeek ends a stream with "insufficient_system_resource"; the OpenAI package alone throws on it.
        using var server = new FakeChatServer().Enqueue(CannedResponse.Stream(
            Chunk("""{"role":"assistant","content":"Part of an answer"}"""),
            Chunk("{}", "insufficient_system_resource"),
            UsageChunk));
        using var client = Client(server);

        var response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("Part of an answer", response.Text);
        Assert.Equal(new ChatFinishReason("insufficient_system_resource"), response.FinishReason);
        Assert.Equal(70, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task A_stream_is_retried_until_it_starts()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Error(503, "overloaded", "server_error", headers: ("retry-after-ms", "50")),
            CannedResponse.Stream(Chunk("""{"role":"assistant","content":"ok"}""", "stop")));
        var clock = new ObservedClock();
        using var client = Client(server, o => o.TimeProvider = clock);

        var call = client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        await RetryTests.ResentExactlyAfter(TimeSpan.FromMilliseconds(50), clock, server, call);
        Assert.Equal("ok", (await call).Text);
    }

    [Fact]
    public async Task A_stream_that_stalls_fails_after_the_network_timeout()
    {
        // Each read of a started stream has the network timeout, on the client's clock.
        using var server = new FakeChatServer().Enqueue(new CannedResponse
        {
            ContentType = "text/event-stream",
            Events = ["data: " + Chunk("""{"role":"assistant","content":"par"}""") + "\n\n", "data: [DONE]\n\n"],
            StallAfterEvents = 1,
        });
        var clock = new ObservedClock();
        using var client = Client(server, o =>
        {
            o.NetworkTimeout = TimeSpan.FromSeconds(10);
            o.TimeProvider = clock;
        });

        await using var updates = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("par", updates.Current.Text);
        var next = updates.MoveNextAsync().AsTask();
        await clock.WaitForPendingAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        await Task.Delay(100);
        Assert.False(next.IsCompleted, "the stream failed before its read timed out");
        clock.Advance(TimeSpan.FromTicks(1));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
        Assert.Contains("network timeout of 0:00:10", exception.Message);
    }

    [Fact]
    public async Task A_client_error_on_a_stream_throws_with_the_server_message()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Error(400, "Unknown parameter: 'foo'.", "invalid_request_error", "unknown_parameter"));
        using var client = Client(server);

        var exception = await Assert.ThrowsAsync<OpenAIChatException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.Contains("Unknown parameter: 'foo'.", exception.Message);
        Assert.Equal("unknown_parameter", exception.ErrorCode);
    }

    [Fact]
    public async Task An_error_event_mid_stream_throws()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Stream(
            Chunk("""{"role":"assistant","content":"par"}"""),
            """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"""));
        using var client = Client(server);

        var texts = new List<string>();
        var exception = await Assert.ThrowsAsync<OpenAIChatException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["par"], texts);
        Assert.Contains("The server had an error", exception.Message);
    }

    [Fact]
    public async Task A_server_that_ignores_stream_and_answers_whole_still_streams()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("whole answer"));
        using var client = Client(server);

        var response = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();

        Assert.Equal("whole answer", response.Text);
        Assert.Equal(15, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Cancellation_stops_a_stream_between_chunks()
    {
        // The server sends two chunks and then nothing, and the clock never moves: only the cancellation can end
        // the stream (a broken client would hang until the test's patience runs out).
        using var server = new FakeChatServer().Enqueue(new CannedResponse
        {
            ContentType = "text/event-stream",
            Events = [.. Enumerable.Range(0, 50).Select(i => "data: " + Chunk("""{"content":"x"}""") + "\n\n")],
            StallAfterEvents = 2,
        });
        var clock = new ObservedClock();
        using var client = Client(server, o => o.TimeProvider = clock);
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: cancellation.Token))
            {
                if (++received == 2)
                {
                    cancellation.Cancel();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Patience));
        Assert.Equal(2, received);
    }
}
