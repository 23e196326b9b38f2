using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.OpenAI.Tests.TestSupport;

namespace Declarative.OpenAI.Tests;

public class RequestFormatTests
{
    private const string PriceSchema = """{"type":"object","properties":{"itemId":{"type":"string"},"currency":{"type":"string"}},"required":["itemId"]}""";
    private const string StrictPriceSchema = """{"type":"object","properties":{"itemId":{"type":"string"},"currency":{"type":["string","null"]}},"required":["itemId","currency"],"additionalProperties":false}""";

    [Fact]
    public async Task Conversation_with_tools_is_sent_in_the_exact_chat_completions_format()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server);

        List<ChatMessage> messages =
        [
            new(ChatRole.System, "You price things."),
            new(ChatRole.User, "What do x and y cost?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Looking them up."),
                new FunctionCallContent("call_a", "get_item_price", new Dictionary<string, object?> { ["itemId"] = "x", ["quantity"] = 2 }),
                new FunctionCallContent("call_b", "get_item_price", new Dictionary<string, object?> { ["itemId"] = JsonElement.Parse("\"y\"") }),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("call_a", "12.50"),
                new FunctionResultContent("call_b", JsonElement.Parse("""{"price": 3, "currency": "EUR"}""")),
            ]),
        ];
        var options = new ChatOptions
        {
            Tools = [new TestFunction("get_item_price", "Gets the price of an item.", PriceSchema)],
            ToolMode = ChatToolMode.RequireSpecific("get_item_price"),
            AllowMultipleToolCalls = false,
            Temperature = 0.25f,
            MaxOutputTokens = 200,
        };

        await client.GetResponseAsync(messages, options);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Headers["Authorization"]);
        JsonEqual("""
            {
              "model": "test-model",
              "messages": [
                {"role": "system", "content": "You price things."},
                {"role": "user", "content": "What do x and y cost?"},
                {"role": "assistant", "content": "Looking them up.", "tool_calls": [
                  {"id": "call_a", "type": "function", "function": {"name": "get_item_price", "arguments": "{\"itemId\":\"x\",\"quantity\":2}"}},
                  {"id": "call_b", "type": "function", "function": {"name": "get_item_price", "arguments": "{\"itemId\":\"y\"}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_a", "content": "12.50"},
                {"role": "tool", "tool_call_id": "call_b", "content": "{\"price\": 3, \"currency\": \"EUR\"}"}
              ],
              "tools": [
                {"type": "function", "function": {"name": "get_item_price", "description": "Gets the price of an item.", "parameters": %PRICE%}}
              ],
              "tool_choice": {"type": "function", "function": {"name": "get_item_price"}},
              "parallel_tool_calls": false,
              "temperature": 0.25,
              "max_tokens": 200
            }
            """.Replace("%PRICE%", PriceSchema), request.Body);
    }

    [Fact]
    public async Task Strict_mode_sends_the_strict_variant_and_leaves_functions_without_one_non_strict()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("a"), CannedResponse.Text("b"), CannedResponse.Text("c"));
        using var client = Client(server, o => o.UseStrictToolSchemas = true);
        var strictAsElement = new TestFunction("get_item_price", "Price.", PriceSchema,
            new Dictionary<string, object?> { [OpenAIPropertyNames.StrictParametersSchema] = JsonElement.Parse(StrictPriceSchema) });
        var strictAsString = new TestFunction("get_stock", null, PriceSchema,
            new Dictionary<string, object?> { [OpenAIPropertyNames.StrictParametersSchema] = StrictPriceSchema });
        var plain = new TestFunction("free_form", "No strict variant.", """{"type":"object","properties":{"q":{}}}""");
        ChatOptions options = new() { Tools = [strictAsElement, strictAsString, plain] };

        await client.GetResponseAsync("hi", options);
        await client.GetResponseAsync("hi", new ChatOptions { Tools = options.Tools, AdditionalProperties = new() { ["strict"] = false } });

        JsonEqual("""
            [
              {"type": "function", "function": {"name": "get_item_price", "description": "Price.", "parameters": %STRICT%, "strict": true}},
              {"type": "function", "function": {"name": "get_stock", "parameters": %STRICT%, "strict": true}},
              {"type": "function", "function": {"name": "free_form", "description": "No strict variant.", "parameters": {"type":"object","properties":{"q":{}}}}}
            ]
            """.Replace("%PRICE%", PriceSchema).Replace("%STRICT%", StrictPriceSchema), server.Requests[0].Json.GetProperty("tools"));
        JsonEqual("""
            [
              {"type": "function", "function": {"name": "get_item_price", "description": "Price.", "parameters": %PRICE%}},
              {"type": "function", "function": {"name": "get_stock", "parameters": %PRICE%}},
              {"type": "function", "function": {"name": "free_form", "description": "No strict variant.", "parameters": {"type":"object","properties":{"q":{}}}}}
            ]
            """.Replace("%PRICE%", PriceSchema).Replace("%STRICT%", StrictPriceSchema), server.Requests[1].Json.GetProperty("tools"));

        // Off by default, on for one call.
        using var plainClient = Client(server);
        await plainClient.GetResponseAsync("hi", new ChatOptions { Tools = [strictAsElement], AdditionalProperties = new() { ["strict"] = true } });
        var tool = server.Requests[2].Json.GetProperty("tools")[0].GetProperty("function");
        Assert.True(tool.GetProperty("strict").GetBoolean());
        JsonEqual(StrictPriceSchema, tool.GetProperty("parameters"));
    }

    [Fact]
    public async Task A_function_with_the_adapters_own_strict_flag_is_left_to_the_adapter()
    {
        // Microsoft.Extensions.AI.OpenAI's convention: AdditionalProperties["strict"] on the function itself. Such a
        // function is written by the adapter, which closes its schema; the others keep theirs exactly.
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server);
        var adapterStrict = new TestFunction("adapter_strict", "A.", PriceSchema, new Dictionary<string, object?> { ["strict"] = true });
        var plain = new TestFunction("plain", "P.", PriceSchema);

        await client.GetResponseAsync("hi", new ChatOptions { Tools = [adapterStrict, plain], ToolMode = ChatToolMode.Auto });

        var body = server.Requests[0].Json;
        var tools = body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function")).ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(tools["adapter_strict"].GetProperty("strict").GetBoolean());
        Assert.False(tools["adapter_strict"].GetProperty("parameters").GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(2, tools["adapter_strict"].GetProperty("parameters").GetProperty("required").GetArrayLength());
        Assert.False(tools["plain"].TryGetProperty("strict", out _));
        JsonEqual(PriceSchema, tools["plain"].GetProperty("parameters"));
        JsonEqual("\"auto\"", body.GetProperty("tool_choice"));
    }

    [Theory]
    [InlineData("auto", "\"auto\"")]
    [InlineData("none", "\"none\"")]
    [InlineData("required", "\"required\"")]
    public async Task Tool_modes_map_to_tool_choice(string mode, string expected)
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server);
        ChatToolMode toolMode = mode switch { "auto" => ChatToolMode.Auto, "none" => ChatToolMode.None, _ => ChatToolMode.RequireAny };

        await client.GetResponseAsync("hi", new ChatOptions { Tools = [new TestFunction("f", "F.", PriceSchema)], ToolMode = toolMode, AllowMultipleToolCalls = true });

        var body = server.Requests[0].Json;
        JsonEqual(expected, body.GetProperty("tool_choice"));
        Assert.True(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public async Task Without_tools_no_tool_fields_are_sent_and_instructions_lead_as_a_system_message()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server);

        await client.GetResponseAsync("hi", new ChatOptions
        {
            Instructions = "Be brief.",
            ToolMode = ChatToolMode.Auto,
            AllowMultipleToolCalls = true,
            ModelId = "other-model",
            TopP = 0.5f,
            Seed = 7,
            StopSequences = ["END"],
        });

        JsonEqual("""
            {
              "model": "other-model",
              "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}],
              "top_p": 0.5,
              "seed": 7,
              "stop": ["END"]
            }
            """, server.Requests[0].Body);
    }

    [Fact]
    public async Task Response_formats_map_to_json_object_and_json_schema()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("{}"), CannedResponse.Text("{}"), CannedResponse.Text("{}"));
        using var client = Client(server);
        var schema = JsonElement.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false}""");

        await client.GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        await client.GetResponseAsync("hi", new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "final answer", "The final answer."),
            AdditionalProperties = new() { ["strict"] = true },
        });
        await client.GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) });

        JsonEqual("""{"type": "json_object"}""", server.Requests[0].Json.GetProperty("response_format"));
        JsonEqual("""
            {"type": "json_schema", "json_schema": {"name": "final_answer", "description": "The final answer.", "schema": %SCHEMA%, "strict": true}}
            """.Replace("%SCHEMA%", schema.GetRawText()), server.Requests[1].Json.GetProperty("response_format"));
        JsonEqual("""
            {"type": "json_schema", "json_schema": {"name": "response", "schema": %SCHEMA%, "strict": false}}
            """.Replace("%SCHEMA%", schema.GetRawText()), server.Requests[2].Json.GetProperty("response_format"));
    }

    [Fact]
    public async Task Tool_results_become_tool_message_text()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server);

        await client.GetResponseAsync(
        [
            new(ChatRole.User, "go"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "a"), new FunctionCallContent("c2", "b"), new FunctionCallContent("c3", "c"), new FunctionCallContent("c4", "d")]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("c1", JsonElement.Parse("\"quoted\"")),
                new FunctionResultContent("c2", new { total = 3, items = new[] { "x" } }),
                new FunctionResultContent("c3", null) { Exception = new InvalidOperationException("boom") },
                new FunctionResultContent("c4", 42),
            ]),
        ]);

        var messages = server.Requests[0].Json.GetProperty("messages");
        JsonEqual("""
            {"role": "assistant", "tool_calls": [
              {"id": "c1", "type": "function", "function": {"name": "a", "arguments": "{}"}},
              {"id": "c2", "type": "function", "function": {"name": "b", "arguments": "{}"}},
              {"id": "c3", "type": "function", "function": {"name": "c", "arguments": "{}"}},
              {"id": "c4", "type": "function", "function": {"name": "d", "arguments": "{}"}}
            ]}
            """, messages[1]);
        Assert.Equal("\"quoted\"", messages[2].GetProperty("content").GetString());
        Assert.Equal("""{"total":3,"items":["x"]}""", messages[3].GetProperty("content").GetString());
        Assert.Equal("Error: boom", messages[4].GetProperty("content").GetString());
        Assert.Equal("42", messages[5].GetProperty("content").GetString());
        Assert.All(Enumerable.Range(2, 4), i => Assert.Equal($"c{i - 1}", messages[i].GetProperty("tool_call_id").GetString()));
    }

    [Fact]
    public async Task A_call_with_malformed_arguments_goes_back_with_an_empty_object()
    {
        // Compatible servers that parse the history (Ollama among them) reject a request whose past tool call carries
        // malformed arguments text, so such a call goes back as {}; the tool result says what was wrong.
        using var server = new FakeChatServer().Enqueue(
            CannedResponse.Json("""
                {"id":"r1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"tool_calls",
                 "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\"a\": 1,"}}]}}]}
                """),
            CannedResponse.Text("ok"));
        using var client = Client(server);

        var first = await client.GetResponseAsync("go");
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages[0].Contents));
        Assert.Null(call.Arguments);
        await client.GetResponseAsync([new(ChatRole.User, "go"), .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent("call_9", "Error: bad arguments")])]);

        var sent = server.Requests[1].Json.GetProperty("messages")[1].GetProperty("tool_calls")[0];
        Assert.Equal("{}", sent.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("call_9", sent.GetProperty("id").GetString());
        Assert.Equal("Error: bad arguments", server.Requests[1].Json.GetProperty("messages")[2].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Images_are_sent_as_content_parts()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("a cat"));
        using var client = Client(server);

        await client.GetResponseAsync([new(ChatRole.User, [new TextContent("What is this?"), new UriContent("https://example.com/cat.png", "image/png"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])]);

        JsonEqual("""
            [{"type": "text", "text": "What is this?"},
             {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
             {"type": "image_url", "image_url": {"url": "data:image/png;base64,AQID"}}]
            """, server.Requests[0].Json.GetProperty("messages")[0].GetProperty("content"));
    }

    [Fact]
    public async Task Max_completion_tokens_is_used_when_asked_and_no_key_means_no_authorization_header()
    {
        using var server = new FakeChatServer().Enqueue(CannedResponse.Text("ok"));
        using var client = Client(server, o => { o.UseMaxCompletionTokens = true; o.ApiKey = null; });

        await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 });

        var request = server.Requests[0];
        Assert.Equal(50, request.Json.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(request.Json.TryGetProperty("max_tokens", out _));
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_call_without_any_model_fails_before_sending()
    {
        using var server = new FakeChatServer();
        using var client = Client(server, o => o.Model = null);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("hi"));

        Assert.Contains("ModelId", exception.Message);
        Assert.Empty(server.Requests);
    }
}
