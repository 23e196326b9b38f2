using System.Text.Json;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

/// <summary>A side-effecting tool that would accept "no arguments" as a valid call.</summary>
public sealed partial class ResetTools
{
    public int Resets { get; private set; }

    [Tool(Description = "Resets the counters; every parameter is optional.")]
    public string Reset(string scope = "all", bool hard = false)
    {
        Resets++;
        return $"reset {scope}{(hard ? " (hard)" : "")}";
    }

    [Tool(ReadOnly = true, Description = "Reads a counter.")]
    public int Read(string name = "all") => Resets;
}

[Agent("You reset counters.")]
public sealed partial class ResetAgent([UseTools] ResetTools tools);

public sealed class MalformedArgumentsTests
{
    // What the Microsoft.Extensions.AI adapters (OpenAI among them) produce when the model's arguments
    // are not a JSON object: Arguments null and the parse failure in Exception; no raw text is kept.
    private static FunctionCallContent Unparsed(string callId, string name)
        => new(callId, name, arguments: null) { Exception = new JsonException("'}' is invalid after a property name. LineNumber: 0 | BytePositionInLine: 9.") };

    [Theory]
    [InlineData(1)] // one call: the single-call path
    [InlineData(2)] // with a side-effecting sibling: the gated path
    public async Task A_call_whose_arguments_could_not_be_parsed_is_refused_and_the_tool_does_not_run(int calls)
    {
        var tools = new ResetTools();
        var contents = new List<AIContent> { Unparsed("call_1", "reset") };
        if (calls == 2)
        {
            contents.Add(new FunctionCallContent("call_2", "reset", new Dictionary<string, object?> { ["scope"] = "cache" }));
        }
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant, contents)))
            .ThenText("done");

        var result = await new AgentRunner(client).RunAsync(new ResetAgent(tools), "reset");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        // Only the well-formed call ran.
        Assert.Equal(calls - 1, tools.Resets);
        var step = result.Trace.ToolCalls.First();
        Assert.Equal(ToolCallOutcome.Failed, step.Outcome);
        var error = Assert.Single(step.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("could not be read as a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Contains("is invalid after a property name", error.Message, StringComparison.Ordinal);
        // The model is told, so it can send the call again.
        var sentBack = client.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().First(r => r.CallId == "call_1");
        Assert.StartsWith("Error: ", sentBack.Result!.ToString(), StringComparison.Ordinal);
        Assert.Contains("the tool did not run", sentBack.Result!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_calls_with_unparsed_arguments_are_refused_too()
    {
        var tools = new ResetTools();
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant, [Unparsed("call_1", "read"), new FunctionCallContent("call_2", "read")])))
            .ThenText("done");

        var result = await new AgentRunner(client).RunAsync(new ResetAgent(tools), "read");

        var steps = result.Trace.ToolCalls.ToList();
        Assert.Equal(ToolCallOutcome.Failed, steps[0].Outcome);
        Assert.Equal(ToolCallOutcome.Succeeded, steps[1].Outcome);
    }

    [Fact]
    public async Task Raw_text_passed_on_by_the_client_is_still_reported_by_the_generated_reader()
    {
        var tools = new ResetTools();
        var call = Unparsed("call_1", "reset");
        call.AdditionalProperties = new() { ["declarative.rawArguments"] = "{\"scope\": " };
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])))
            .ThenText("done");

        var result = await new AgentRunner(client).RunAsync(new ResetAgent(tools), "reset");

        Assert.Equal(0, tools.Resets);
        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Failed, step.Outcome);
        Assert.Equal("{\"scope\": ", step.Arguments);
    }
}
