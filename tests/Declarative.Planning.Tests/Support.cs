using Xunit;

namespace Declarative.Planning.Tests;

internal static class Plans
{
    /// <summary>The sunglasses query of the issue, exactly as written there.</summary>
    public const string Sunglasses = """
        {
          "steps": [
            { "id": "find",  "tool": "get_item_descriptions", "arguments": { "category": "sunglasses", "filter": "round" } },
            { "id": "stock", "tool": "check_inventory", "arguments": { "itemIds": { "$from": "find", "path": "/*/id" } } },
            { "id": "price", "tool": "get_item_price",  "arguments": { "itemIds": { "$from": "stock", "path": "/*/itemId" } },
              "dependsOn": ["stock"], "description": "prices of what is in stock" }
          ]
        }
        """;

    public static (ShopTools Tools, PlanValidator Validator) Shop()
    {
        var tools = new ShopTools();
        return (tools, new PlanValidator(tools));
    }

    /// <summary>Validates, expecting refusal; asserts that nothing ran and returns the errors.</summary>
    public static IReadOnlyList<ToolError> Refuse(string plan, PlanLimits? limits = null)
    {
        var tools = new ShopTools();
        var result = new PlanValidator(tools, limits).Validate(plan);
        Assert.False(result.IsValid, "accepted: " + plan);
        Assert.Null(result.Plan);
        Assert.NotEmpty(result.Errors);
        Assert.Empty(tools.Calls);
        return result.Errors;
    }

    /// <summary>Asserts one error at exactly <paramref name="path"/> whose message contains every fragment.</summary>
    public static void HasError(IReadOnlyList<ToolError> errors, string path, params string[] fragments)
    {
        Assert.True(errors.Any(e => e.Path == path && fragments.All(f => e.Message.Contains(f, StringComparison.Ordinal))),
            $"no error at {path} containing [{string.Join("; ", fragments)}]; errors were:\n" + string.Join("\n", errors));
    }

    /// <summary>A one-step plan calling <paramref name="tool"/> with <paramref name="arguments"/>, after a 'src' step calling <paramref name="sourceTool"/>.</summary>
    public static string TwoSteps(string sourceTool, string sourceArguments, string tool, string arguments)
        => $$"""{"steps":[{"id":"src","tool":"{{sourceTool}}","arguments":{{sourceArguments}}},{"id":"use","tool":"{{tool}}","arguments":{{arguments}}}]}""";
}

/// <summary>Tests that measure time run alone, so other tests in this process do not stretch them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
