using Declarative.Guardrails;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

/// <summary>Tools the guardrail tests watch: what ran, with what.</summary>
public sealed partial class PaymentTools
{
    public List<string> Ran { get; } = [];

    [Tool(Description = "Charges a card.")]
    public string Charge(string cardNumber, decimal amount)
    {
        Ran.Add($"charge {amount}");
        return "charged";
    }

    [Tool(ReadOnly = true, Description = "Looks up a balance.")]
    public decimal Balance(string account)
    {
        Ran.Add("balance " + account);
        return 12.5m;
    }
}

[Agent("You take payments.", Model = "small")]
public sealed partial class PaymentAgent([UseTools] PaymentTools tools)
{
    public List<Guardrail> TestGuardrails { get; } = [];
}

// Written by hand here; the generator writes this part for guardrail methods.
public sealed partial class PaymentAgent : IGuardedAgent
{
    IReadOnlyList<Guardrail> IGuardedAgent.Guardrails => TestGuardrails;
}

/// <summary>Guardrails on the loop's three hooks, tripping and not, through the public API.</summary>
public sealed class GuardrailTests
{
    private static Guardrail NoSecrets(bool concurrent = false) => Guardrail.Input("no_secrets",
        (text, _) => new(text.Contains("password", StringComparison.OrdinalIgnoreCase) ? GuardrailResult.Trip("the request asks for a password") : GuardrailResult.Pass()),
        concurrent);

    private static Guardrail SmallCharges(bool feedback = false) => Guardrail.ToolCall("small_charges", (call, _) =>
    {
        using var arguments = System.Text.Json.JsonDocument.Parse(call.ArgumentsJson);
        var amount = arguments.RootElement.GetProperty("amount").GetDecimal();
        return new(amount <= 100m ? GuardrailResult.Pass() : feedback ? GuardrailResult.Feedback("charges over 100 need a manager") : GuardrailResult.Trip($"a charge of {amount}"));
    }, "charge");

    [Fact]
    public async Task A_tripped_input_guardrail_ends_the_run_before_any_model_call()
    {
        var client = new ScriptedChatClient().ThenText("never");
        var agent = new PaymentAgent(new PaymentTools()) { TestGuardrails = { NoSecrets() } };

        var result = await Runner(client).RunAsync(agent, "What is the admin password?");

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.Equal("guardrail 'no_secrets' tripped on the input: the request asks for a password", result.Reason);
        Assert.Null(result.Text);
        Assert.Empty(client.Requests);
        var step = Assert.IsType<GuardrailStep>(Assert.Single(result.Trace.Steps));
        Assert.True(step.Tripped);
        Assert.Equal(GuardrailKind.Input, step.Stage);
    }

    [Fact]
    public async Task A_passing_input_guardrail_lets_the_run_go_on_and_is_recorded()
    {
        var client = new ScriptedChatClient().ThenText("hello");
        var agent = new PaymentAgent(new PaymentTools()) { TestGuardrails = { NoSecrets() } };

        var result = await Runner(client).RunAsync(agent, "hi");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.False(Assert.IsType<GuardrailStep>(result.Trace.Steps[0]).Tripped);
    }

    [Fact]
    public async Task A_concurrent_input_guardrail_that_trips_cancels_the_model_call_in_flight()
    {
        var clock = new FakeTimeProvider();
        var client = new ScriptedChatClient { TimeProvider = clock }.ThenText("too late").WithDelay(TimeSpan.FromMinutes(1));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Guardrail.Input("slow_judge", async (text, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return GuardrailResult.Trip("off topic");
        }, concurrent: true);
        var agent = new PaymentAgent(new PaymentTools()) { TestGuardrails = { slow } };

        var run = Runner(client).RunAsync(agent, "tell me a joke");
        Assert.True(SpinWait.SpinUntil(() => client.Requests.Count == 1, TimeSpan.FromSeconds(20)), "the model call did not start beside the guardrail");
        release.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.Contains("off topic", result.Reason, StringComparison.Ordinal);
        // The clock never moved: only the guardrail's trip can have ended the model call.
        Assert.Equal("cancelled", Assert.Single(result.Trace.ModelCalls).Error);
    }

    [Fact]
    public async Task An_answer_waits_for_the_concurrent_input_guardrail_to_pass()
    {
        var client = new ScriptedChatClient().ThenText("here you go");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Guardrail.Input("slow_judge", async (text, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return GuardrailResult.Pass();
        }, concurrent: true);
        var agent = new PaymentAgent(new PaymentTools()) { TestGuardrails = { slow } };

        var run = Runner(client).RunAsync(agent, "hi");
        Assert.True(SpinWait.SpinUntil(() => client.Requests.Count == 1, TimeSpan.FromSeconds(20)));
        await Task.Delay(50);
        Assert.False(run.IsCompleted, "the answer was returned before the guardrail passed");
        release.SetResult();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("here you go", result.Text);
    }

    [Fact]
    public async Task A_tripped_tool_guardrail_means_the_tool_did_not_run_and_the_run_ends()
    {
        var tools = new PaymentTools();
        var client = new ScriptedChatClient().ThenToolCalls(("charge", new { cardNumber = "4111", amount = 500m })).ThenText("unreached");
        var agent = new PaymentAgent(tools) { TestGuardrails = { SmallCharges() } };

        var result = await Runner(client).RunAsync(agent, "charge 500");

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.Equal("guardrail 'small_charges' tripped on a call to 'charge': a charge of 500", result.Reason);
        Assert.Empty(tools.Ran);
        Assert.Equal(ToolCallOutcome.Blocked, Assert.Single(result.Trace.ToolCalls).Outcome);
        Assert.Single(client.Requests);
    }

    [Fact]
    public async Task A_tool_guardrail_giving_feedback_stops_the_call_and_tells_the_model()
    {
        var tools = new PaymentTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("charge", new { cardNumber = "4111", amount = 500m }))
            .ThenToolCalls(("charge", new { cardNumber = "4111", amount = 90m }))
            .ThenText("charged 90");
        var agent = new PaymentAgent(tools) { TestGuardrails = { SmallCharges(feedback: true) } };

        var result = await Runner(client).RunAsync(agent, "charge");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["charge 90"], tools.Ran);
        var told = client.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString();
        Assert.Equal("Error: the call to 'charge' was stopped by the 'small_charges' guardrail: charges over 100 need a manager. It did not run.", told);
    }

    [Fact]
    public async Task A_tool_guardrail_guards_only_its_tools_and_never_sees_arguments_the_reader_refused()
    {
        var tools = new PaymentTools();
        var seen = new List<string>();
        var watching = Guardrail.ToolCall("watch", (call, _) => { seen.Add(call.Tool.Name); return new(GuardrailResult.Pass()); }, "charge");
        var client = new ScriptedChatClient()
            .ThenToolCalls(("balance", new { account = "A" }), ("charge", new { cardNumber = "4111", amount = "lots" }))
            .ThenToolCalls(("charge", new { cardNumber = "4111", amount = 5m }))
            .ThenText("done");
        var agent = new PaymentAgent(tools) { TestGuardrails = { watching } };

        var result = await Runner(client).RunAsync(agent, "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["charge"], seen);
        Assert.Equal(["balance A", "charge 5"], tools.Ran);
        var refused = result.Trace.ToolCalls.ElementAt(1);
        Assert.Equal(ToolCallOutcome.Failed, refused.Outcome);
        Assert.Equal("$.amount", refused.Errors[0].Path);
    }

    [Fact]
    public async Task A_tripped_output_guardrail_withholds_the_answer()
    {
        var client = new ScriptedChatClient().ThenText("Your card number is 4111 1111 1111 1111.");
        var noCards = Guardrail.Output("no_card_numbers", (text, _) =>
            new(text.Contains("4111", StringComparison.Ordinal) ? GuardrailResult.Trip("the answer holds a card number") : GuardrailResult.Pass()));

        var result = await Runner(client, new AgentRunOptions { Guardrails = [noCards] }).RunAsync(new PaymentAgent(new PaymentTools()), "what is my card?");

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.Null(result.Text);
        Assert.DoesNotContain(result.Messages, m => m.Text.Contains("4111", StringComparison.Ordinal));
        Assert.Equal(GuardrailKind.Output, Assert.IsType<GuardrailStep>(result.Trace.Steps[^1]).Stage);
    }

    [Fact]
    public async Task An_output_guardrail_giving_feedback_gets_a_second_answer()
    {
        var client = new ScriptedChatClient().ThenText("no").ThenText("Certainly, here it is.");
        var polite = Guardrail.Output("polite", (text, _) =>
            new(text.Length < 5 ? GuardrailResult.Feedback("be polite and complete") : GuardrailResult.Pass()));

        var result = await Runner(client, new AgentRunOptions { Guardrails = [polite] }).RunAsync(new PaymentAgent(new PaymentTools()), "help");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("Certainly, here it is.", result.Text);
        Assert.Contains("be polite and complete", client.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_output_guardrail_sees_the_value_the_reader_accepted()
    {
        Verdict? seen = null;
        var noEmptyReasons = Guardrail.Output<Verdict>("reasons", (verdict, _) =>
        {
            seen = verdict;
            return new(verdict.Reason.Length > 0 ? GuardrailResult.Pass() : GuardrailResult.Trip("no reason given"));
        });
        var client = new ScriptedChatClient().ThenJson(new { approved = true, reason = "", tags = new[] { "x" } });

        var result = await Runner(client, new AgentRunOptions { Guardrails = [noEmptyReasons] }).RunAsync(new VerdictAgent(), "decide");

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.True(seen!.Approved);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task A_guardrail_that_throws_fails_closed()
    {
        var broken = Guardrail.Input("broken", (_, _) => throw new InvalidOperationException("rules file missing"));
        var client = new ScriptedChatClient().ThenText("never");

        var result = await Runner(client, new AgentRunOptions { Guardrails = [broken] }).RunAsync(new PaymentAgent(new PaymentTools()), "hi");

        Assert.Equal(AgentRunStatus.GuardrailTripped, result.Status);
        Assert.Contains("the guardrail threw InvalidOperationException: rules file missing", result.Reason, StringComparison.Ordinal);
        Assert.Empty(client.Requests);
    }
}

/// <summary>Guardrails in a streamed run: decided, reported, and the same status.</summary>
public sealed class StreamedGuardrailTests
{
    [Fact]
    public async Task A_tripped_tool_guardrail_is_reported_and_ends_the_stream_with_its_status()
    {
        var tools = new PaymentTools();
        var client = new ScriptedChatClient().ThenToolCalls(("charge", new { cardNumber = "4111", amount = 500m })).ThenText("unreached");
        var stop = Guardrail.ToolCall("small_charges", (call, _) => new(GuardrailResult.Trip("too much")), "charge");
        var agent = new PaymentAgent(tools) { TestGuardrails = { stop } };

        var updates = new List<Declarative.Streaming.AgentRunUpdate>();
        await foreach (var update in Runner(client).RunStreamingAsync(agent, "charge 500"))
        {
            updates.Add(update);
        }

        var checkedStep = Assert.Single(updates.OfType<Declarative.Streaming.GuardrailChecked>()).Step;
        Assert.True(checkedStep.Tripped);
        var end = Assert.IsType<Declarative.Streaming.RunCompleted>(updates[^1]);
        Assert.Equal(AgentRunStatus.GuardrailTripped, end.Status);
        Assert.Empty(tools.Ran);
    }
}
