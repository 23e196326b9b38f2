using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>The loop and the plan executor share one approval rule: nobody configured means denied, and the tool never runs.</summary>
public sealed class ApprovalDefaultsTests
{
    private const string ReturnPlan = """{"steps":[{"id":"a","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}}]}""";

    [Fact]
    public async Task Without_a_handler_an_approval_step_is_denied_with_the_loops_reason()
    {
        var (tools, validator) = Plans.Shop();
        var plan = validator.Validate(ReturnPlan);
        Assert.True(plan.IsValid, plan.ToString());

        var result = await new PlanExecutor(tools).ExecuteAsync(plan.Plan!);

        var step = Assert.Single(result.Steps);
        Assert.Equal(PlanStepStatus.Denied, step.Status);
        Assert.Equal("approval was denied: no approval handler is configured", step.Reason);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task Without_a_plan_handler_a_whole_plan_review_is_denied()
    {
        var (tools, validator) = Plans.Shop();
        var plan = validator.Validate(ReturnPlan).Plan!;

        var result = await new PlanExecutor(tools, new PlanExecutionOptions { ApprovalMode = PlanApprovalMode.WholePlan }).ExecuteAsync(plan);

        Assert.Equal(PlanExecutionStatus.Denied, result.Status);
        Assert.Contains("no plan approval handler is configured", result.Reason, StringComparison.Ordinal);
        Assert.Empty(tools.Calls);
    }
}
