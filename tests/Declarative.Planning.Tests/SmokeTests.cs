using Xunit;

namespace Declarative.Planning.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task The_sunglasses_plan_validates_and_runs()
    {
        var (tools, validator) = Plans.Shop();
        var validation = validator.Validate(Plans.Sunglasses);
        Assert.True(validation.IsValid, validation.ToString());

        var result = await new PlanExecutor(tools).ExecuteAsync(validation.Plan!);

        Assert.True(result.IsSuccess, result.Describe());
        Assert.Equal("""[{"itemId":"SG-3","amount":40}]""", result["price"].Result!.ToString());
        Assert.Equal(["get_item_descriptions(sunglasses,round)", "check_inventory(SG-2,SG-3)", "get_item_price(SG-3)"], tools.Calls);
    }
}
