using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.OpenAI.Tests.TestSupport;

namespace Declarative.OpenAI.Tests;

public class ResponseParsingTests
{
    [Fact]
    public async Task Text_usage_with_cached_tokens_and_metadata_are_read()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
            {
              "id": "chatcmpl-abc123",
              "object": "chat.completion",
              "created": 1741569952,
              "model": "gpt-4.1-2025-04-14",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there.", "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
              "usage": {
                "prompt_tokens": 1200, "completion_tokens": 30, "total_tokens": 1230,
                "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 12, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_1"
            }
            """));
        using var client = Client(server);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("Hello there.", response.Text);
        Assert.Equal("chatcmpl-abc123", response.ResponseId);
        Assert.Equal("gpt-4.1-2025-04-14", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741569952), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("chatcmpl-abc123", message.MessageId);
        Assert.NotNull(response.Usage);
        Assert.Equal(1200, response.Usage.InputTokenCount);
        Assert.Equal(30, response.Usage.OutputTokenCount);
        Assert.Equal(1230, response.Usage.TotalTokenCount);
        Assert.Equal(1024, response.Usage.CachedInputTokenCount);
        Assert.Equal(12, response.Usage.ReasoningTokenCount);
        Assert.Equal("fp_1", response.AdditionalProperties?["system_fingerprint"]);
    }

    [Fact]
    public async Task Usage_without_details_or_total_is_read()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
            {"id":"x","object":"chat.completion","created":1,"model":"llama3","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":7,"completion_tokens":3}}
            """));
        using var client = Client(server);

        var usage = (await client.GetResponseAsync("hi")).Usage!;

        Assert.Equal(7, usage.InputTokenCount);
        Assert.Equal(3, usage.OutputTokenCount);
        Assert.Equal(10, usage.TotalTokenCount);
        Assert.Null(usage.CachedInputTokenCount);
    }

    [Fact]
    public async Task Parallel_tool_calls_are_read_with_their_arguments()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
            {
              "id": "chatcmpl-2", "object": "chat.completion", "created": 1700000001, "model": "gpt-4o",
              "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null, "tool_calls": [
                {"id": "call_abc", "type": "function", "function": {"name": "get_item_price", "arguments": "{\"itemId\":\"x\",\"quantity\":2}"}},
                {"id": "call_def", "type": "function", "function": {"name": "get_item_price", "arguments": "{\"itemId\":\"y\",\"tags\":[\"a\"],\"opts\":{\"fast\":true}}"}},
                {"id": "call_ghi", "type": "function", "function": {"name": "list_items", "arguments": ""}}
              ]}}],
              "usage": {"prompt_tokens": 80, "completion_tokens": 40, "total_tokens": 120}
            }
            """));
        using var client = Client(server);

        var response = await client.GetResponseAsync("prices?");

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_abc", "call_def", "call_ghi"], calls.Select(c => c.CallId));
        Assert.Equal(["get_item_price", "get_item_price", "list_items"], calls.Select(c => c.Name));
        Assert.All(calls, c => Assert.Null(c.Exception));
        Assert.Equal("x", ((JsonElement)calls[0].Arguments!["itemId"]!).GetString());
        Assert.Equal(2, ((JsonElement)calls[0].Arguments!["quantity"]!).GetInt32());
        Assert.Equal(JsonValueKind.Array, ((JsonElement)calls[1].Arguments!["tags"]!).ValueKind);
        Assert.True(((JsonElement)calls[1].Arguments!["opts"]!).GetProperty("fast").GetBoolean());
        Assert.NotNull(calls[2].Arguments);
        Assert.Empty(calls[2].Arguments!);
        Assert.Equal("", response.Text);
    }

    [Theory]
    [InlineData("{\"itemId\": \"x\"", "arguments are not valid JSON")]
    [InlineData("{itemId: 'x'}", "arguments are not valid JSON")]
    [InlineData("[1, 2]", "arguments must be a JSON object, but got an array")]
    [InlineData("\"x\"", "arguments must be a JSON object, but got a string")]
    [InlineData("null", "arguments must be a JSON object, but got null")]
    [InlineData("{\"a\":1} trailing", "arguments are not valid JSON")]
    public async Task Malformed_arguments_never_throw_and_are_reported_on_the_call(string arguments, string expectedError)
    {
        var escaped = JsonSerializer.Serialize(arguments);
        using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
            {"id":"r","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
             "message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"call_ok","type":"function","function":{"name":"ok_tool","arguments":"{\"n\":1}"}},
               {"id":"call_bad","type":"function","function":{"name":"get_item_price","arguments":%ARGS%}}]}}]}
            """.Replace("%ARGS%", escaped)));
        using var client = Client(server);

        var response = await client.GetResponseAsync("go");

        var calls = response.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Null(calls[0].Exception);
        var bad = calls[1];
        Assert.Equal("call_bad", bad.CallId);
        Assert.Equal("get_item_price", bad.Name);
        Assert.Null(bad.Arguments);
        Assert.Equal(arguments, bad.AdditionalProperties![OpenAIPropertyNames.RawArguments]);
        var error = Assert.IsType<string>(bad.AdditionalProperties[OpenAIPropertyNames.ArgumentsError]);
        Assert.StartsWith(expectedError, error);
        var exception = Assert.IsType<InvalidDataException>(bad.Exception);
        Assert.Contains("get_item_price", exception.Message);
        Assert.Contains("call_bad", exception.Message);
        Assert.Contains(error, exception.Message);
    }

    [Theory]
    [InlineData("{\"itemId\": \"x\"")]
    [InlineData("[1, 2]")]
    [InlineData("   ")]
    public async Task Arguments_are_settled_by_the_core_routine_the_runtime_reads(string arguments)
    {
        // One routine, one pair of keys: a call from this client must look exactly like ToolCallArguments.Parse's,
        // including the quote of a long text cut at 2,000 characters while the property keeps all of it.
        foreach (var text in new[] { arguments, arguments + new string(' ', 2500) + "]" })
        {
            using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
                {"id":"r","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
                 "message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"lookup","arguments":%ARGS%}}]}}]}
                """.Replace("%ARGS%", JsonSerializer.Serialize(text))));
            using var client = Client(server);

            var call = (await client.GetResponseAsync("go")).Messages[0].Contents.OfType<FunctionCallContent>().Single();
            var expected = ToolCallArguments.Parse("call_1", "lookup", text);

            Assert.Equal(expected.Exception?.Message, call.Exception?.Message);
            Assert.Equal(expected.Arguments?.Count, call.Arguments?.Count);
            Assert.Equal(
                expected.AdditionalProperties?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)),
                call.AdditionalProperties?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        }
        Assert.Equal(ToolCallArguments.RawArgumentsKey, OpenAIPropertyNames.RawArguments);
        Assert.Equal(ToolCallArguments.ArgumentsErrorKey, OpenAIPropertyNames.ArgumentsError);
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("something_new", "something_new")]
    public async Task Finish_reasons_are_mapped(string wire, string expected)
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("t", wire));
        using var client = Client(server);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public async Task Reasoning_and_refusals_are_kept_apart_from_the_answer()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Json("""
            {"id":"r","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"stop",
             "message":{"role":"assistant","content":"42","reasoning_content":"thinking hard"}}]}
            """), CannedResponse.Json("""
            {"id":"r","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"stop",
             "message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}
            """));
        using var client = Client(server);

        var first = await client.GetResponseAsync("q");
        var second = await client.GetResponseAsync("q");

        Assert.Equal("42", first.Text);
        Assert.Equal("thinking hard", Assert.Single(first.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        // A refusal is Microsoft.Extensions.AI's ErrorContent with ErrorCode "Refusal", which the adapter sends back as
        // the assistant message's refusal.
        var refusal = Assert.IsType<ErrorContent>(Assert.Single(second.Messages[0].Contents));
        Assert.Equal("I can't help with that.", refusal.Message);
        Assert.Equal("Refusal", refusal.ErrorCode);
        Assert.Equal("", second.Text);
    }

    [Fact]
    public async Task An_error_object_in_a_200_body_or_a_body_that_is_not_json_is_a_clear_exception()
    {
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Json("""{"error":{"message":"The model `nope` does not exist","type":"invalid_request_error","code":"model_not_found"}}"""),
            CannedResponse.Json("<html>gateway</html>"));
        using var client = Client(server);

        var first = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));
        var second = await Assert.ThrowsAsync<OpenAIChatException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("The model `nope` does not exist", first.Message);
        Assert.Equal("model_not_found", first.ErrorCode);
        Assert.Contains("not JSON", second.Message);
        Assert.Contains("<html>gateway</html>", second.Message);
    }

    [Fact]
    public void Metadata_and_services_are_exposed()
    {
        using var client = new OpenAIChatClient(new OpenAIChatClientOptions { BaseUrl = new Uri("http://localhost:11434/v1/"), Model = "llama3.2" });

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("openai", metadata.ProviderName);
        Assert.Equal("llama3.2", metadata.DefaultModelId);
        Assert.Equal(new Uri("http://localhost:11434/v1"), client.BaseUrl);
        Assert.Same(client, client.GetService<OpenAIChatClient>());
        Assert.NotNull(client.GetService<global::OpenAI.Chat.ChatClient>());
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public void From_environment_needs_a_key_or_a_base_url()
    {
        var none = Assert.Throws<InvalidOperationException>(() => OpenAIChatClient.FromEnvironment(null, _ => null));
        Assert.Contains("OPENAI_API_KEY", none.Message);
        Assert.Contains("OPENAI_BASE_URL", none.Message);

        var bad = Assert.Throws<InvalidOperationException>(() => OpenAIChatClient.FromEnvironment(null, name => name == "OPENAI_BASE_URL" ? "localhost:11434" : null));
        Assert.Contains("absolute http", bad.Message);

        var environment = new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = "http://localhost:11434/v1", ["OPENAI_MODEL"] = "qwen3" };
        using var local = OpenAIChatClient.FromEnvironment(null, name => environment.GetValueOrDefault(name));
        Assert.Equal(new Uri("http://localhost:11434/v1"), local.BaseUrl);
        Assert.Equal("qwen3", local.DefaultModel);

        using var hosted = OpenAIChatClient.FromEnvironment("gpt-4.1-mini", name => name == "OPENAI_API_KEY" ? "sk-x" : null);
        Assert.Equal(OpenAIChatClientOptions.DefaultBaseUrl, hosted.BaseUrl);
        Assert.Equal("gpt-4.1-mini", hosted.DefaultModel);
    }

    [Fact]
    public async Task A_given_http_client_carries_the_requests()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("via handler"));
        var handler = new CountingHandler { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(handler);
        using var client = Client(server, o => o.HttpClient = http);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("via handler", response.Text);
        Assert.Equal(1, handler.Count);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
