using Xunit;
using Xunit.Abstractions;

namespace Declarative.Planning.Tests;

/// <summary>Independent steps overlap: a k-wide plan of 200 ms steps takes about 200 ms, not k × 200 ms.</summary>
[Collection(TimingCollection.Name)]
public sealed class WidePlanTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Eight_independent_200ms_steps_finish_in_about_200ms()
    {
        const int Width = 8;
        var tools = new ShopTools();
        var steps = string.Join(",", Enumerable.Range(0, Width).Select(i => "{\"id\":\"w" + i + "\",\"tool\":\"wait\",\"arguments\":{\"milliseconds\":200}}"));
        var plan = new PlanValidator(tools).Validate("{\"steps\":[" + steps + "]}").Plan!;
        var executor = new PlanExecutor(tools, new PlanExecutionOptions { MaxDegreeOfParallelism = Width });
        await executor.ExecuteAsync(new PlanValidator(tools).Validate("""{"steps":[{"id":"warm","tool":"wait","arguments":{"milliseconds":1}}]}""").Plan!);

        var result = await executor.ExecuteAsync(plan);

        foreach (var step in result.Steps)
        {
            output.WriteLine($"{step.Id}: start +{step.StartOffset.TotalMilliseconds:0} ms, took {step.Duration.TotalMilliseconds:0} ms");
        }
        output.WriteLine($"total {result.Duration.TotalMilliseconds:0} ms");
        Assert.True(result.IsSuccess);
        Assert.All(result.Steps, s => Assert.True(s.Duration >= TimeSpan.FromMilliseconds(195), $"{s.Id} took {s.Duration}"));
        // Within 20% of one step's time, where run one after another they would take 1,600 ms.
        Assert.InRange(result.Duration.TotalMilliseconds, 195, 240);
        Assert.All(result.Steps, s => Assert.True(s.StartOffset < TimeSpan.FromMilliseconds(40), $"{s.Id} started at +{s.StartOffset}"));
    }

    [Fact]
    public async Task A_chain_behind_a_wide_layer_starts_when_the_layer_is_done()
    {
        var tools = new ShopTools();
        var plan = new PlanValidator(tools).Validate("""
            {"steps":[
              {"id":"a","tool":"wait","arguments":{"milliseconds":100}},
              {"id":"b","tool":"wait","arguments":{"milliseconds":100}},
              {"id":"c","tool":"sum","arguments":{"numbers":[{"$from":"a"},{"$from":"b"}]}}]}
            """).Plan!;

        var result = await new PlanExecutor(tools).ExecuteAsync(plan);

        Assert.True(result.IsSuccess, result.Describe());
        Assert.Equal("200", result["c"].Result!.ToString());
        Assert.True(result["c"].StartOffset >= TimeSpan.FromMilliseconds(95));
        Assert.InRange(result.Duration.TotalMilliseconds, 95, 180);
    }
}
