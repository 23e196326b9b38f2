using System.Text.Json;
using Declarative.Testing;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.AgentFramework.Tests;

/// <summary><see cref="DeclarativeAIAgent"/>: a Declarative agent driven through Agent Framework's API.</summary>
public sealed class DeclarativeAIAgentTests
{
    private static IAgent Teller(Ledger ledger) => Agent.Create("teller", "Answer with the balance.", ledger);

    [Fact]
    public async Task A_run_returns_the_answer_usage_trace_and_status()
    {
        var ledger = new Ledger();
        var model = new ScriptedChatClient()
            .ThenToolCalls(("balance", new { account = "abcd" })).WithUsage(10, 2)
            .ThenText("The balance is 40.").WithUsage(20, 3);
        AIAgent agent = Teller(ledger).AsAIAgent(new AgentRunner(model));

        var response = await agent.RunAsync("What is the balance of abcd?");

        Assert.Equal("The balance is 40.", response.Text);
        Assert.Equal("teller", agent.Name);
        Assert.Equal(1, ledger.BalanceCalls);
        Assert.Equal(30, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
        var result = Assert.IsType<AgentRunResult>(response.RawRepresentation);
        Assert.Same(result.Trace, response.AdditionalProperties?[DeclarativeAIAgent.TraceKey]);
        Assert.Equal(AgentRunStatus.Completed, response.AdditionalProperties?[DeclarativeAIAgent.StatusKey]);
        // The response holds what the run produced: the tool call, its result and the answer, not the input.
        Assert.DoesNotContain(response.Messages, m => m.Role == ChatRole.User || m.Role == ChatRole.System);
        Assert.Contains(response.Messages, m => m.Contents.OfType<FunctionResultContent>().Any());
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task A_session_carries_the_conversation_across_turns_and_survives_serialization()
    {
        var model = new ScriptedChatClient().ThenText("first answer").ThenText("second answer").ThenText("third answer");
        AIAgent agent = Teller(new Ledger()).AsAIAgent(new AgentRunner(model));
        var session = await agent.CreateSessionAsync();

        await agent.RunAsync("turn one", session);
        var second = await agent.RunAsync("turn two", session);
        var restored = await agent.DeserializeSessionAsync(await agent.SerializeSessionAsync(session));
        await agent.RunAsync("turn three", restored);

        Assert.Equal("second answer", second.Text);
        var texts = model.Requests[1].Messages.Where(m => m.Role != ChatRole.System).Select(m => m.Text).ToList();
        Assert.Equal(["turn one", "first answer", "turn two"], texts);
        var afterRestore = model.Requests[2].Messages.Where(m => m.Role != ChatRole.System).Select(m => m.Text).ToList();
        Assert.Equal(["turn one", "first answer", "turn two", "second answer", "turn three"], afterRestore);
        // Instructions are sent once per request, not accumulated in the session.
        Assert.Single(model.Requests[2].Messages, m => m.Role == ChatRole.System);
    }

    [Fact]
    public async Task Streaming_yields_the_run_as_updates()
    {
        var model = new ScriptedChatClient().ThenText("streamed answer");
        AIAgent agent = Teller(new Ledger()).AsAIAgent(new AgentRunner(model));

        var updates = new List<AgentResponseUpdate>();
        await foreach (var update in agent.RunStreamingAsync("hello"))
        {
            updates.Add(update);
        }

        Assert.Equal("streamed answer", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task A_run_that_does_not_complete_reports_its_status()
    {
        var model = new ScriptedChatClient().ThenThrow(new InvalidOperationException("model down"));
        AIAgent agent = Teller(new Ledger()).AsAIAgent(new AgentRunner(model));

        var response = await agent.RunAsync("hello");

        Assert.NotEqual(AgentRunStatus.Completed, response.AdditionalProperties?[DeclarativeAIAgent.StatusKey]);
        Assert.False(string.IsNullOrEmpty(response.AdditionalProperties?[DeclarativeAIAgent.ReasonKey] as string));
    }

    [Fact]
    public async Task The_agent_is_a_step_of_a_sequential_workflow()
    {
        var ledger = new Ledger();
        var tellerModel = new ScriptedChatClient()
            .ThenToolCalls(("balance", new { account = "abcd" }))
            .ThenText("The balance is 40.");
        var writerModel = new ScriptedChatClient().ThenText("Dear customer, your balance is 40.");
        var teller = Teller(ledger).AsAIAgent(new AgentRunner(tellerModel));
        var writer = new ChatClientAgent(writerModel, "Write a letter.", "writer");
        var workflow = AgentWorkflowBuilder.BuildSequential(teller, writer);

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, "balance of abcd?") });
        await run.TrySendMessageAsync(new TurnToken(emitEvents: true));
        List<ChatMessage>? output = null;
        await foreach (var evt in run.WatchStreamAsync())
        {
            if (evt is WorkflowOutputEvent { Data: List<ChatMessage> messages })
            {
                output = messages;
            }
        }

        Assert.Equal(1, ledger.BalanceCalls);
        Assert.NotNull(output);
        Assert.Contains(output, m => m.Text == "Dear customer, your balance is 40.");
        // The next step saw the Declarative agent's answer.
        Assert.Contains(writerModel.Requests.Single().Messages, m => m.Text == "The balance is 40.");
    }
}
