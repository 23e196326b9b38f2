using System.Diagnostics.Metrics;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Planning.Tests;

/// <summary>The plan runner's model calls are accounted for as the agent loop's are.</summary>
public sealed class PlanRunnerModelCallTests
{
    private static ChatResponse Answer(string text, string model) => new(new ChatMessage(ChatRole.Assistant, text))
    {
        ModelId = model,
        Usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 100 },
    };

    [Fact]
    public async Task A_model_without_a_price_makes_the_cost_unknown_not_lower()
    {
        var model = new ScriptedChatClient()
            .Then(Answer(Plans.Sunglasses, "priced-model"))
            .Then(Answer("Done.", "unpriced-model"));
        var prices = new PriceTable().Add("priced-model", new ModelPrice(1m, 2m));

        var result = await new PlanRunner(model, new PlanRunOptions { Prices = prices }).RunAsync(new ShopAgent(new ShopTools()), "round sunglasses?");

        Assert.Equal(PlanRunStatus.Completed, result.Status);
        Assert.Equal(2, result.Trace.ModelCalls.Count());
        Assert.NotNull(result.Trace.ModelCalls.First().Cost);
        Assert.Null(result.Trace.ModelCalls.Last().Cost);
        Assert.Null(result.Cost);
    }

    [Fact]
    public async Task When_every_model_is_priced_the_cost_is_the_sum()
    {
        var model = new ScriptedChatClient()
            .Then(Answer(Plans.Sunglasses, "priced-model"))
            .Then(Answer("Done.", "priced-model"));
        var prices = new PriceTable().Add("priced-model", new ModelPrice(1m, 2m));

        var result = await new PlanRunner(model, new PlanRunOptions { Prices = prices }).RunAsync(new ShopAgent(new ShopTools()), "round sunglasses?");

        // 1,000 input tokens at $1/M and 100 output at $2/M, twice.
        Assert.Equal(2 * (0.001m + 0.0002m), result.Cost);
    }

    [Fact]
    public async Task Plan_model_calls_record_the_gen_ai_client_metrics()
    {
        var durations = new List<KeyValuePair<string, object?>[]>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DeclarativeTelemetry.SourceName && instrument.Name == "gen_ai.client.operation.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            lock (durations)
            {
                durations.Add(tags.ToArray());
            }
        });
        listener.Start();
        var model = new ScriptedChatClient()
            .Then(Answer(Plans.Sunglasses, "metered-plan-model"))
            .Then(Answer("Done.", "metered-plan-model"));

        await new PlanRunner(model).RunAsync(new ShopAgent(new ShopTools()), "round sunglasses?");

        lock (durations)
        {
            Assert.Equal(2, durations.Count(tags => tags.Any(t => t.Key == "gen_ai.response.model" && "metered-plan-model".Equals(t.Value))));
        }
    }
}
