using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Testing.Tests;

public class RecordedScriptTests
{
    private const string Script = """
        {
          // a recorded run
          "model": "gpt-4o-mini",
          "responses": [
            { "toolCalls": [ { "name": "get_item_price", "arguments": { "itemId": "x" } },
                             { "id": "call_y", "name": "get_item_price", "arguments": "{\"itemId\": \"y\"" } ],
              "usage": { "inputTokens": 120, "outputTokens": 30, "cachedInputTokens": 64 } },
            { "text": "Checking stock too.", "toolCalls": [ { "name": "get_stock" } ] },
            { "text": "x costs 3 EUR.", "finishReason": "length" },
            { "json": { "answer": 42 } },
          ]
        }
        """;

    [Fact]
    public async Task A_script_replays_its_responses()
    {
        var client = RecordedScript.Parse(Script);

        var first = await client.GetResponseAsync("1");
        var second = await client.GetResponseAsync("2");
        var third = await client.GetResponseAsync("3");
        var fourth = await client.GetResponseAsync("4");

        var calls = first.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_y"], calls.Select(c => c.CallId));
        Assert.Equal("x", ((JsonElement)calls[0].Arguments!["itemId"]!).GetString());
        Assert.Null(calls[1].Arguments);
        Assert.Equal("{\"itemId\": \"y\"", calls[1].AdditionalProperties![ScriptedToolCall.RawArgumentsKey]);
        Assert.Equal(150, first.Usage!.TotalTokenCount);
        Assert.Equal(64, first.Usage.CachedInputTokenCount);
        Assert.Equal("gpt-4o-mini", first.ModelId);

        Assert.Equal("Checking stock too.", second.Text);
        Assert.Equal("get_stock", second.Messages[0].Contents.OfType<FunctionCallContent>().Single().Name);
        Assert.Equal(ChatFinishReason.Length, third.FinishReason);
        Assert.Equal("""{ "answer": 42 }""", fourth.Text);
        client.AssertScriptCompleted();
    }

    [Fact]
    public async Task A_bare_array_is_a_script_and_files_load()
    {
        var path = Path.Combine(Path.GetTempPath(), $"script-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """[{"text": "hi"}, {"toolCalls": [{"name": "f", "arguments": {}}]}]""");
        try
        {
            var client = RecordedScript.Load(path);

            Assert.Equal("hi", (await client.GetResponseAsync("x")).Text);
            Assert.Equal(1, client.RemainingSteps);
            var second = await client.GetResponseAsync("y");
            var call = Assert.Single(second.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
            Assert.Equal("f", call.Name);
            Assert.Empty(call.Arguments!);
            Assert.Equal(0, client.RemainingSteps);
            Assert.Equal(2, client.Requests.Count);
            client.AssertScriptCompleted();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"responses": [{"text": "a"}, {"toolCalls": [{"arguments": {}}]}]}""", "$.responses[1].toolCalls[0].name: required")]
    [InlineData("""{"responses": [{"txt": "a"}]}""", "$.responses[0].txt: unknown property")]
    [InlineData("""{"responses": [{"text": "a", "usage": {"input_tokens": 3}}]}""", "$.responses[0].usage.input_tokens: unknown property; did you mean \"inputTokens\"?")]
    [InlineData("""{"responses": [{"text": "a", "usage": {"inputTokens": -1}}]}""", "$.responses[0].usage.inputTokens: expected a non-negative integer")]
    [InlineData("""{"responses": [{}]}""", "$.responses[0]: needs \"text\", \"json\" or \"toolCalls\"")]
    [InlineData("""{"responses": [{"text": "a", "json": 1}]}""", "$.responses[0]: has both")]
    [InlineData("""{"responses": [{"toolCalls": [{"name": "f", "arguments": 5}]}]}""", "$.responses[0].toolCalls[0].arguments: expected an object or a string")]
    [InlineData("""{"model": "m"}""", "$.responses: required")]
    [InlineData("""{"responses": [""", "$: not valid JSON")]
    [InlineData("42", "$: expected an object")]
    public void Faults_name_their_json_path(string json, string expected)
    {
        var exception = Assert.Throws<InvalidDataException>(() => RecordedScript.Parse(json));

        Assert.StartsWith(expected, exception.Message);
    }

    [Fact]
    public async Task A_recording_of_a_run_replays_the_same_decisions()
    {
        var live = new ScriptedChatClient()
            .ThenToolCalls(("get_item_price", new { itemId = "x" }), ("get_item_price", "{broken")).WithUsage(10, 5)
            .ThenText("done").WithUsage(20, 2);
        var recorder = new RecordingChatClient(live);

        await recorder.GetResponseAsync("go");
        await recorder.GetStreamingResponseAsync("again").ToChatResponseAsync();
        var script = recorder.ToScript("gpt-test");

        var replay = RecordedScript.Parse(script);
        var first = await replay.GetResponseAsync("go");
        var second = await replay.GetResponseAsync("again");

        var calls = first.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal("x", ((JsonElement)calls[0].Arguments!["itemId"]!).GetString());
        Assert.Equal("{broken", calls[1].AdditionalProperties![ScriptedToolCall.RawArgumentsKey]);
        Assert.Equal(15, first.Usage!.TotalTokenCount);
        Assert.Equal("done", second.Text);
        Assert.Equal(22, second.Usage!.TotalTokenCount);
        Assert.Equal("gpt-test", second.ModelId);
    }
}
