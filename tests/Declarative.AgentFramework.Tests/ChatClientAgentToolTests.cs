using System.Text.Json;
using Declarative.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.AgentFramework.Tests;

/// <summary>Generated tool sets used by Agent Framework's own <see cref="ChatClientAgent"/>.</summary>
public sealed class ChatClientAgentToolTests
{
    [Fact]
    public async Task ChatClientAgent_calls_generated_tools()
    {
        var ledger = new Ledger();
        var model = new ScriptedChatClient()
            .ThenToolCalls(("balance", new { account = "abc" }, "c1"))
            .ThenText("30");
        var agent = new ChatClientAgent(model, "Answer.", "teller", tools: [.. ledger.AsAIFunctions()]);

        var response = await agent.RunAsync("balance of abc?");

        Assert.Equal("30", response.Text);
        Assert.Equal(1, ledger.BalanceCalls);
        var result = Assert.Single(model.Requests[1].ToolResults);
        Assert.Equal(30m, Assert.IsType<JsonElement>(result.Result).GetDecimal());
    }

    [Fact]
    public async Task ChatClientAgent_returns_path_addressed_errors_for_bad_arguments()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("refund", new { account = "abc", amount = "lots" }, "c1"))
            .ThenText("sorry");
        var ledger = new Ledger();
        var agent = new ChatClientAgent(model, "Answer.", "teller", tools: [.. ledger.AsAIFunctions()]);

        await agent.RunAsync("refund");

        var error = Assert.IsType<JsonElement>(Assert.Single(model.Requests[1].ToolResults).Result);
        Assert.Equal("$.amount", error.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(0, ledger.Refunds);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChatClientAgent_asks_before_calling_a_tool_that_requires_approval(bool approved)
    {
        var ledger = new Ledger();
        var model = new ScriptedChatClient()
            .ThenToolCalls(("refund", new { account = "abc", amount = 5 }, "c1"))
            .ThenText("finished");
        var agent = new ChatClientAgent(model, "Answer.", "teller", tools: [.. ledger.AsAIFunctionsWithApproval()]);
        var session = await agent.CreateSessionAsync();

        var first = await agent.RunAsync("refund abc 5", session);
        var request = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        Assert.Equal(0, ledger.Refunds);
        var second = await agent.RunAsync(new ChatMessage(ChatRole.User, [request.CreateResponse(approved)]), session);

        Assert.Equal("finished", second.Text);
        Assert.Equal(approved ? 1 : 0, ledger.Refunds);
    }
}
