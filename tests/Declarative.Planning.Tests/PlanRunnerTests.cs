using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Planning.Tests;

/// <summary>The plan-and-execute loop end to end, with a scripted model.</summary>
public sealed class PlanRunnerTests(ITestOutputHelper output)
{
    private const string InvalidPlan = """
        {"steps":[
          {"id":"find","tool":"get_item_descriptions","arguments":{"category":"sunglasses","filter":"round"}},
          {"id":"stock","tool":"check_inventory","arguments":{"itemIds":{"$from":"find","path":"/*/idd"}}}]}
        """;

    private const string FailingPlan = """
        {"steps":[
          {"id":"find","tool":"get_item_descriptions","arguments":{"category":"sunglasses","filter":"round"}},
          {"id":"boom","tool":"explode","arguments":{"why":"warehouse offline"}},
          {"id":"stock","tool":"check_inventory","arguments":{"itemIds":{"$from":"find","path":"/*/id"}},"dependsOn":["boom"]}]}
        """;

    [Fact]
    public async Task An_invalid_plan_is_repaired_a_failing_step_is_revised_and_the_answer_composed()
    {
        var tools = new ShopTools();
        var agent = new ShopAgent(tools);
        var model = new ScriptedChatClient()
            .ThenText(InvalidPlan)
            .ThenText("```json\n" + FailingPlan + "\n```")
            .ThenText(Plans.Sunglasses)
            .ThenText("The Classic round (SG-3) is in stock at 40.");

        var result = await new PlanRunner(model).RunAsync(agent, "Any round sunglasses in stock, and how much?");

        foreach (var step in result.Trace.Steps)
        {
            output.WriteLine($"{step.Index} {step.GetType().Name} iteration {step.Iteration}");
        }
        Assert.Equal(PlanRunStatus.Completed, result.Status);
        Assert.Equal("The Classic round (SG-3) is in stock at 40.", result.Text);
        model.AssertScriptCompleted();

        // The first request carried the plan schema as the response format and the tools in the instructions.
        var first = model.Requests[0];
        var format = Assert.IsType<ChatResponseFormatJson>(first.Options!.ResponseFormat);
        Assert.Contains("check_inventory", format.Schema!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("returns: ", first.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("You help customers of a sunglasses shop.", first.Messages[0].Text, StringComparison.Ordinal);

        // The repair request told the model exactly what was wrong, and nothing had run.
        var repair = model.Requests[1].Messages[^1].Text;
        Assert.Contains("$.steps[1].arguments.itemIds", repair, StringComparison.Ordinal);
        Assert.Contains("did you mean 'id'?", repair, StringComparison.Ordinal);

        // The revision request carried the partial results and the failure.
        var revision = model.Requests[2].Messages[^1].Text;
        Assert.Contains("find (get_item_descriptions): succeeded", revision, StringComparison.Ordinal);
        Assert.Contains("boom (explode): failed", revision, StringComparison.Ordinal);
        Assert.Contains("warehouse offline", revision, StringComparison.Ordinal);
        Assert.Contains("stock (check_inventory): skipped", revision, StringComparison.Ordinal);

        // The answer request had the final results and no response format.
        var answer = model.Requests[3];
        Assert.Null(answer.Options!.ResponseFormat);
        Assert.Contains("""[{"itemId":"SG-3","amount":40}]""", answer.Messages[^1].Text, StringComparison.Ordinal);

        // Two executions; the side effect of the failing plan ran once, the invalid plan ran nothing.
        Assert.Equal(2, result.Executions.Count);
        Assert.Equal(PlanExecutionStatus.Failed, result.Executions[0].Status);
        Assert.True(result.Execution!.IsSuccess);
        Assert.Single(tools.Calls, c => c.StartsWith("explode", StringComparison.Ordinal));
        Assert.Equal(2, tools.Calls.Count(c => c.StartsWith("get_item_descriptions", StringComparison.Ordinal)));

        // The trace: four model calls, three validations (one refused), and every plan step.
        Assert.Equal(4, result.Trace.ModelCalls.Count());
        var validations = result.Trace.Steps.OfType<PlanValidationStep>().ToList();
        Assert.Equal([false, true, true], validations.Select(v => v.IsValid));
        Assert.Equal(6, result.Trace.PlanSteps.Count());
        Assert.Equal(AgentRunStatus.Completed, result.Trace.Status);
    }

    [Fact]
    public async Task A_plan_that_stays_invalid_ends_the_run_and_nothing_runs()
    {
        var tools = new ShopTools();
        var model = new ScriptedChatClient().ThenText(InvalidPlan).ThenText("not json").ThenText(InvalidPlan);

        var result = await new PlanRunner(model, new PlanRunOptions { MaxRepairs = 2 }).RunAsync(new ShopAgent(tools), "round sunglasses?");

        Assert.Equal(PlanRunStatus.InvalidPlan, result.Status);
        Assert.Contains("after 2 repairs", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Plan);
        Assert.Empty(result.Executions);
        Assert.Empty(tools.Calls);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task Failed_steps_after_every_revision_end_the_run_with_the_partial_results()
    {
        var tools = new ShopTools();
        var model = new ScriptedChatClient().ThenText(FailingPlan);

        var result = await new PlanRunner(model, new PlanRunOptions { MaxRevisions = 0 }).RunAsync(new ShopAgent(tools), "x");

        Assert.Equal(PlanRunStatus.StepsFailed, result.Status);
        Assert.True(result.Execution!["find"].Succeeded);
        Assert.Equal(PlanStepStatus.Failed, result.Execution["boom"].Status);
        Assert.Null(result.Text);
    }

    [Fact]
    public async Task Without_composing_the_typed_results_are_returned_directly()
    {
        var tools = new ShopTools();
        var model = new ScriptedChatClient().ThenText(Plans.Sunglasses);

        var result = await new PlanRunner(model, new PlanRunOptions { ComposeAnswer = false }).RunAsync(new ShopAgent(tools), "x");

        Assert.Equal(PlanRunStatus.Completed, result.Status);
        Assert.Null(result.Text);
        Assert.Single(model.Requests);
        var prices = result.Execution!.ValueOf("price", TestJson.Default.ListPrice);
        Assert.Equal([new Price("SG-3", 40m)], prices);
    }

    [Fact]
    public async Task A_model_error_ends_the_run_with_its_status()
    {
        var model = new ScriptedChatClient().ThenThrow(new HttpRequestException("503"));

        var result = await new PlanRunner(model).RunAsync(new ShopAgent(new ShopTools()), "x");

        Assert.Equal(PlanRunStatus.ModelError, result.Status);
        Assert.Contains("503", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_budget_is_enforced_between_model_calls()
    {
        var model = new ScriptedChatClient().ThenText(InvalidPlan).WithUsage(900, 200).ThenText(Plans.Sunglasses);

        var result = await new PlanRunner(model, new PlanRunOptions { Budget = new UsageBudget { MaxTotalTokens = 1000 } })
            .RunAsync(new ShopAgent(new ShopTools()), "x");

        Assert.Equal(PlanRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(1100, result.Usage.TotalTokens);
    }

    [Fact]
    public async Task A_denied_plan_ends_the_run_as_denied()
    {
        var tools = new ShopTools();
        var model = new ScriptedChatClient().ThenText("""{"steps":[{"id":"r","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}}]}""");
        var options = new PlanRunOptions
        {
            Execution = new PlanExecutionOptions
            {
                ApprovalMode = PlanApprovalMode.WholePlan,
                PlanApprovalHandler = new DelegatePlanApprovalHandler((_, _) => new(ToolApprovalDecision.Deny("no refunds"))),
            },
        };

        var result = await new PlanRunner(model, options).RunAsync(new ShopAgent(tools), "refund SG-1");

        Assert.Equal(PlanRunStatus.Denied, result.Status);
        Assert.Contains("no refunds", result.Reason, StringComparison.Ordinal);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task Cancellation_propagates_from_the_model_call()
    {
        var model = new ScriptedChatClient().ThenText(Plans.Sunglasses).WithDelay(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new PlanRunner(model).RunAsync(new ShopAgent(new ShopTools()), [new ChatMessage(ChatRole.User, "x")], null, cancel.Token));
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<Price>))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
