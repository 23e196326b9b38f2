using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Testing.Tests;

public class ScriptedChatClientTests
{
    [Fact]
    public async Task Steps_are_answered_in_order_and_requests_are_recorded()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("get_item_price", new { itemId = "x" }), ("get_item_price", new { itemId = "y", quantity = 2 }))
            .ThenText("Both cost 3.");
        var tools = new ChatOptions { Tools = [AIFunctionFactory.Create((string itemId) => 3, "get_item_price")] };
        List<ChatMessage> history = [new(ChatRole.User, "prices?")];

        var first = await client.GetResponseAsync(history, tools);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", 3), new FunctionResultContent("call_2", 3)]));
        var second = await client.GetResponseAsync(history, tools);

        var calls = first.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal("x", ((JsonElement)calls[0].Arguments!["itemId"]!).GetString());
        Assert.Equal(2, ((JsonElement)calls[1].Arguments!["quantity"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("Both cost 3.", second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("scripted", second.ModelId);
        Assert.Equal("scripted-2", second.ResponseId);

        Assert.Equal(2, client.Requests.Count);
        Assert.Single(client.Requests[0].Messages); // a snapshot: later additions to history don't show
        Assert.Equal(3, client.Requests[1].Messages.Count);
        Assert.Equal(["get_item_price"], client.Requests[1].ToolNames);
        Assert.Equal(["call_1", "call_2"], client.Requests[1].ToolResults.Select(r => r.CallId));
        Assert.Equal(0, client.RemainingSteps);
        client.AssertScriptCompleted();
    }

    [Fact]
    public async Task Given_call_ids_and_raw_json_arguments_are_used()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("lookup", "{\"q\": \"cats\"}", "my_call"), ("lookup", (object?)null, "other"));

        var calls = (await client.GetResponseAsync("go")).Messages[0].Contents.OfType<FunctionCallContent>().ToList();

        Assert.Equal(["my_call", "other"], calls.Select(c => c.CallId));
        Assert.Equal("cats", ((JsonElement)calls[0].Arguments!["q"]!).GetString());
        Assert.Empty(calls[1].Arguments!);
    }

    [Fact]
    // Marked the Microsoft.Extensions.AI way (Exception set, Arguments null), as its OpenAI adapter does, so the
    // agent loop refuses them (tests/Declarative.Agents.Tests/MalformedArgumentsTests.cs); the raw text is kept too.
    public async Task Malformed_raw_arguments_are_marked_unusable_and_keep_the_raw_text()
    {
        var client = new ScriptedChatClient().ThenToolCalls(("get_item_price", "{\"itemId\": "), ("get_item_price", "[1]"));

        var calls = (await client.GetResponseAsync("go")).Messages[0].Contents.OfType<FunctionCallContent>().ToList();

        Assert.All(calls, call =>
        {
            Assert.Null(call.Arguments);
            Assert.IsType<InvalidDataException>(call.Exception);
        });
        Assert.Equal("{\"itemId\": ", calls[0].AdditionalProperties![ScriptedToolCall.RawArgumentsKey]);
        Assert.StartsWith("arguments are not valid JSON", (string)calls[0].AdditionalProperties![ScriptedToolCall.ArgumentsErrorKey]!);
        Assert.StartsWith("arguments must be a JSON object, but got an array", (string)calls[1].AdditionalProperties![ScriptedToolCall.ArgumentsErrorKey]!);
        Assert.Contains("tool 'get_item_price'", calls[0].Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("Arguments as sent: {\"itemId\": ", calls[0].Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exhausting_the_script_is_a_clear_error()
    {
        var client = new ScriptedChatClient().ThenText("only one");
        await client.GetResponseAsync("first");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync([new(ChatRole.User, "first"), new(ChatRole.Assistant, "only one"), new(ChatRole.User, "and again?")]));

        Assert.Contains("script exhausted after 1 response(s)", exception.Message);
        Assert.Contains("request #2", exception.Message);
        Assert.Contains("3 message(s)", exception.Message);
        Assert.Contains("\"and again?\"", exception.Message);
        Assert.Equal(2, client.Requests.Count);
    }

    [Fact]
    public async Task Functions_of_the_request_answer_sync_and_async()
    {
        var client = new ScriptedChatClient()
            .Then((messages, options) => new ChatResponse(new ChatMessage(ChatRole.Assistant, $"{messages.Count} message(s), temperature {options?.Temperature}")))
            .Then(async (messages, _, cancellationToken) =>
            {
                await Task.Delay(1, cancellationToken);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo: " + messages[^1].Text));
            });

        var first = await client.GetResponseAsync([new(ChatRole.System, "s"), new(ChatRole.User, "u")], new ChatOptions { Temperature = 0.5f });
        var second = await client.GetResponseAsync("hello");

        Assert.Equal("2 message(s), temperature 0.5", first.Text);
        Assert.Equal("echo: hello", second.Text);
    }

    [Fact]
    public async Task Fixed_responses_messages_json_and_exceptions()
    {
        var fixedResponse = new ChatResponse(new ChatMessage(ChatRole.Assistant, "fixed")) { ModelId = "real-model" };
        var client = new ScriptedChatClient()
            .Then(fixedResponse)
            .Then(new ChatMessage(ChatRole.Assistant, "a message"))
            .ThenJson(new { answer = 42, items = new[] { "a" } })
            .ThenThrow(new TimeoutException("model down"))
            .ThenTextAndToolCalls("Let me check.", new ScriptedToolCall("f", new { a = 1 }));

        Assert.Equal("real-model", (await client.GetResponseAsync("1")).ModelId);
        Assert.Equal("a message", (await client.GetResponseAsync("2")).Text);
        var json = await client.GetResponseAsync("3");
        Assert.Equal(42, JsonElement.Parse(json.Text).GetProperty("answer").GetInt32());
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync("4"));
        var mixed = await client.GetResponseAsync("5");
        Assert.Equal("Let me check.", mixed.Text);
        Assert.Single(mixed.Messages[0].Contents.OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Usage_is_per_step_or_the_default()
    {
        var client = new ScriptedChatClient { DefaultUsage = new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1, TotalTokenCount = 2 } }
            .ThenText("a").WithUsage(100, 20, cachedInputTokens: 64)
            .ThenText("b");

        var a = await client.GetResponseAsync("x");
        var b = await client.GetResponseAsync("y");

        Assert.Equal(100, a.Usage!.InputTokenCount);
        Assert.Equal(20, a.Usage.OutputTokenCount);
        Assert.Equal(120, a.Usage.TotalTokenCount);
        Assert.Equal(64, a.Usage.CachedInputTokenCount);
        Assert.Equal(2, b.Usage!.TotalTokenCount);
        Assert.NotSame(client.DefaultUsage, b.Usage);
    }

    [Fact]
    public async Task A_delay_honours_cancellation()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var client = new ScriptedChatClient { TimeProvider = clock }.ThenText("late").WithDelay(TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync("x", cancellationToken: cancellation.Token);
        Assert.False(call.IsCompleted);
        await cancellation.CancelAsync();

        // The clock never moved: only the cancellation can have ended the wait.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_delay_is_waited_exactly_on_the_clients_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var client = new ScriptedChatClient { TimeProvider = clock }.ThenText("ok").WithDelay(TimeSpan.FromMilliseconds(150));

        var call = client.GetResponseAsync("x");
        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(call.IsCompleted, "answered before its delay");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(20))).Text);
    }

    [Fact]
    public async Task A_short_delay_is_waited_in_real_time_by_default()
    {
        var client = new ScriptedChatClient().ThenText("ok").WithDelay(TimeSpan.FromMilliseconds(150));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.GetResponseAsync("x");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140));
    }

    [Fact]
    public async Task Streaming_yields_updates_that_assemble_back_into_the_response()
    {
        var client = new ScriptedChatClient()
            .ThenText("The total is 15.50 EUR.").WithUsage(10, 6)
            .ThenToolCalls(("f", new { a = 1 }), ("g", new { b = 2 }));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x"))
        {
            updates.Add(update);
        }
        var calls = await client.GetStreamingResponseAsync("y").ToChatResponseAsync();

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        var text = updates.ToChatResponse();
        Assert.Equal("The total is 15.50 EUR.", text.Text);
        Assert.Equal(16, text.Usage?.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, text.FinishReason);
        Assert.Equal(["f", "g"], calls.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name));
        Assert.Equal(ChatFinishReason.ToolCalls, calls.FinishReason);
        Assert.True(client.Requests[0].IsStreaming);
    }

    [Fact]
    public async Task A_chunk_delay_spaces_the_streamed_pieces_out_on_the_clients_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var client = new ScriptedChatClient { TimeProvider = clock }.ThenText("one two three").WithChunkDelay(TimeSpan.FromSeconds(1));

        await using var stream = client.GetStreamingResponseAsync("x").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("one", stream.Current.Text);
        var second = stream.MoveNextAsync();
        Assert.False(second.IsCompleted, "the second piece waits for the clock");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await second.AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(" two", stream.Current.Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ThenText("x").WithChunkDelay(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Adjusting_before_adding_a_step_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => new ScriptedChatClient().WithUsage(1, 1));
        Assert.Throws<ArgumentException>(() => new ScriptedChatClient().ThenToolCalls(Array.Empty<ScriptedToolCall>()));
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("one", new[] { "one" })]
    [InlineData("a b  c\nd ", new[] { "a", " b", "  c", "\nd", " " })]
    public void Text_is_split_into_pieces_that_concatenate_back(string text, string[] expected)
    {
        var pieces = ScriptedChatClient.SplitWords(text).ToArray();

        Assert.Equal(expected, pieces);
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public async Task Concurrent_calls_each_take_one_step()
    {
        var client = new ScriptedChatClient();
        for (var i = 0; i < 20; i++)
        {
            client.ThenText($"r{i}");
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => client.GetResponseAsync($"q{i}"))));

        Assert.Equal(20, responses.Select(r => r.Text).Distinct().Count());
        Assert.Equal(20, client.Requests.Count);
    }
}
