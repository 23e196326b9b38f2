using Declarative.Planning;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>
/// Independent steps whose tools have side effects run one at a time by default
/// (<see cref="PlanExecutionOptions.SerializeSideEffects"/>); the trace says which steps were held to
/// that and its summary says it in words, so a slow plan of independent writes explains itself.
/// </summary>
public sealed class SideEffectSummaryTests
{
    private const string ThreeIndependentSteps = """
        {"steps":[{"id":"w1","tool":"wait_and_write","arguments":{"milliseconds":1}},
                  {"id":"w2","tool":"wait_and_write","arguments":{"milliseconds":1}},
                  {"id":"r","tool":"wait","arguments":{"milliseconds":1}}]}
        """;

    [Fact]
    public async Task By_default_the_trace_and_its_summary_say_side_effects_were_serialised()
    {
        var tools = new ShopTools();
        var plan = new PlanValidator(tools).Validate(ThreeIndependentSteps).Plan!;

        var result = await new PlanExecutor(tools).ExecuteAsync(plan, "shop");
        var read = RunTrace.FromJson(result.Trace.ToJson());

        Assert.True(result.IsSuccess);
        var steps = read.PlanSteps.ToDictionary(s => s.StepId);
        Assert.True(steps["w1"].SerializedSideEffect);
        Assert.True(steps["w2"].SerializedSideEffect);
        Assert.False(steps["r"].SerializedSideEffect);
        Assert.Contains("plan: 2 steps serialised: side effects", read.Summarize(), StringComparison.Ordinal);
        Assert.Contains("PlanExecutionOptions.SerializeSideEffects", read.Summarize(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_serialisation_nothing_is_flagged_or_said()
    {
        var tools = new ShopTools();
        var plan = new PlanValidator(tools).Validate(ThreeIndependentSteps).Plan!;

        var result = await new PlanExecutor(tools, new PlanExecutionOptions { SerializeSideEffects = false }).ExecuteAsync(plan, "shop");

        Assert.True(result.IsSuccess);
        Assert.DoesNotContain(result.Trace.PlanSteps, s => s.SerializedSideEffect);
        Assert.DoesNotContain("serialised", result.Trace.Summarize(), StringComparison.Ordinal);
        // A false flag is left out of the JSON, so traces recorded before it existed read the same.
        Assert.DoesNotContain("serializedSideEffect", result.Trace.ToJson(), StringComparison.OrdinalIgnoreCase);
    }
}
