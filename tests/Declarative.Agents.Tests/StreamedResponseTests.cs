using System.Text.Json;
using Declarative.Streaming;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

// The streamed model call's own assembly of its pieces must make the response ToChatResponse makes.
public class StreamedResponseTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Cases => [.. Scripts.Keys];

    private static readonly Dictionary<string, Func<List<ChatResponseUpdate>>> Scripts = new()
    {
        ["words, usage, finish"] = () =>
        [
            Piece(new TextContent("The")), Piece(new TextContent(" answer")), Piece(new TextContent(" is 4.")),
            new(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3, TotalTokenCount = 13 })])
            {
                FinishReason = ChatFinishReason.Stop, ModelId = "m-1", MessageId = "a", ResponseId = "r",
            },
        ],
        ["tool calls"] = () =>
        [
            Piece(new FunctionCallContent("c1", "add", new Dictionary<string, object?> { ["a"] = 1 })),
            Piece(new FunctionCallContent("c2", "stock", new Dictionary<string, object?> { ["sku"] = "x" })),
            new() { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 5 })], FinishReason = ChatFinishReason.ToolCalls },
        ],
        ["texts around a call, usage between texts, single text"] = () =>
        [
            Piece(new TextContent("Let me ")), new() { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 1 })] },
            Piece(new TextContent("check.")), Piece(new FunctionCallContent("c1", "add")), Piece(new TextContent("Done")),
            new() { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 2, OutputTokenCount = 7 })] },
        ],
        ["dates, ids, raw representations, roles left out"] = () =>
        [
            new() { Contents = [new TextContent("a")], CreatedAt = At.AddSeconds(2), ResponseId = "r1", RawRepresentation = "raw" },
            new() { Contents = [new TextContent("b")], CreatedAt = At, ConversationId = "conv", MessageId = "m" },
            new(ChatRole.Assistant, "c") { CreatedAt = At.AddSeconds(5), ResponseId = "r2", ModelId = "first" },
            new() { ModelId = "second", FinishReason = ChatFinishReason.Length, ResponseId = "" },
        ],
        ["a time only from the second piece on"] = () =>
        [
            Piece(new TextContent("a")), new() { Contents = [new TextContent("b")], CreatedAt = At.AddSeconds(3) },
            new() { Contents = [new TextContent("c")], CreatedAt = At.AddSeconds(1) },
        ],
        ["no contents"] = () => [new() { FinishReason = ChatFinishReason.Stop }],
        ["two messages (left to ToChatResponse)"] = () =>
        [
            new(ChatRole.Assistant, "one") { MessageId = "1" }, new(ChatRole.Assistant, "two") { MessageId = "2" },
        ],
        ["an author and another role (left to ToChatResponse)"] = () =>
        [
            new(ChatRole.Assistant, "one") { AuthorName = "bot" }, new(ChatRole.Tool, "two"),
        ],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assembles_the_response_ToChatResponse_makes(string script)
    {
        var expected = Scripts[script]().ToChatResponse();
        var actual = StreamedResponse.Assemble(Scripts[script]());

        Assert.Equal(Json(expected), Json(actual));
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Messages.Count, actual.Messages.Count);
        for (var i = 0; i < expected.Messages.Count; i++)
        {
            var (want, got) = (expected.Messages[i], actual.Messages[i]);
            Assert.Equal(want.Role, got.Role);
            Assert.Equal(want.MessageId, got.MessageId);
            Assert.Equal(want.CreatedAt, got.CreatedAt);
            Assert.Equal(want.AuthorName, got.AuthorName);
            Assert.Equal(want.RawRepresentation, got.RawRepresentation);
            Assert.Equal(want.Contents.Select(c => c.GetType()), got.Contents.Select(c => c.GetType()));
        }
        Assert.Equal(expected.RawRepresentation, actual.RawRepresentation);
    }

    [Fact]
    public void Keeps_a_lone_text_and_a_call_as_they_came()
    {
        var text = new TextContent("alone");
        var call = new FunctionCallContent("c", "f");
        var response = StreamedResponse.Assemble([Piece(text), Piece(call)]);

        Assert.Same(text, response.Messages[0].Contents[0]);
        Assert.Same(call, response.Messages[0].Contents[1]);
    }

    private static ChatResponseUpdate Piece(AIContent content) => new(ChatRole.Assistant, [content]) { MessageId = "a" };

    private static string Json(ChatResponse response) => JsonSerializer.Serialize(response, AIJsonUtilities.DefaultOptions);
}
