using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Declarative.Testing;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

public sealed class TelemetryTests
{
    private static readonly ActivitySource Source = new("Declarative.Agents.Tests");

    /// <summary>Records every stopped activity of the runtime's source and of this test's root source.</summary>
    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DeclarativeTelemetry.SourceName or "Declarative.Agents.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task Runs_emit_gen_ai_activities_and_metrics()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = Listen(activities);
        var tokens = new ConcurrentQueue<(long Value, string? Type)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DeclarativeTelemetry.SourceName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "gen_ai.client.token.usage")
            {
                string? type = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "gen_ai.token.type")
                    {
                        type = tag.Value as string;
                    }
                }
                tokens.Enqueue((value, type));
            }
        });
        meters.Start();

        var client = new ScriptedChatClient().ThenToolCalls(("add", new { a = 1, b = 2 })).WithUsage(10, 3).ThenText("3").WithUsage(12, 1);
        var agent = new ProbeAgent(new ProbeTools());
        string rootId;
        using (var root = Source.StartActivity("test root"))
        {
            rootId = root!.RootId!;
            await Runner(client).RunAsync(agent, "go");
        }

        // Other tests run agents at the same time: keep only this test's tree.
        var mine = activities.Where(a => a.RootId == rootId).ToList();
        var run = Assert.Single(mine, a => a.DisplayName == "invoke_agent ProbeAgent");
        var chats = mine.Where(a => a.DisplayName.StartsWith("chat ", StringComparison.Ordinal) && a.ParentSpanId == run.SpanId).ToList();
        var tools = mine.Where(a => a.DisplayName == "execute_tool add" && a.ParentSpanId == run.SpanId).ToList();
        Assert.Equal(2, chats.Count);
        Assert.Equal("chat", chats[0].GetTagItem("gen_ai.operation.name"));
        Assert.Equal(10L, chats[0].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(3L, chats[0].GetTagItem("gen_ai.usage.output_tokens"));
        var tool = Assert.Single(tools);
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("add", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("call_1", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.Null(tool.GetTagItem("gen_ai.tool.call.arguments"));
        Assert.Equal("invoke_agent", run.GetTagItem("gen_ai.operation.name"));
        Assert.Contains((10L, "input"), tokens);
        Assert.Contains((3L, "output"), tokens);
    }

    [Fact]
    public async Task Content_is_recorded_only_when_asked()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = Listen(activities);
        var client = new ScriptedChatClient().ThenToolCalls(("add", new { a = 40, b = 2 })).ThenText("42");
        string rootId;
        using (var root = Source.StartActivity("test root"))
        {
            rootId = root!.RootId!;
            await Runner(client, new AgentRunOptions { RecordContent = true }).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        }

        var tool = Assert.Single(activities, a => a.DisplayName == "execute_tool add" && a.RootId == rootId);
        Assert.Equal("""{"a":40,"b":2}""", tool.GetTagItem("gen_ai.tool.call.arguments"));
        Assert.Equal("42", tool.GetTagItem("gen_ai.tool.call.result"));
    }
}
