using System.Diagnostics;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

/// <summary>Values marked [Sensitive] are redacted from the trace and from span content, per value, while the tool and the model get them.</summary>
public sealed class SensitiveTests
{
    // The generator sets these on the descriptors of [Sensitive] parameters and return values; here by hand.
    private sealed class SensitivePayments(PaymentTools inner) : IToolSet
    {
        public IReadOnlyList<ToolDescriptor> Tools { get; } = ((IToolSet)inner).Tools.Select(d => d.Name == "charge"
            ? new ToolDescriptor(d.Name, d.Description, d.ParametersSchemaJson, d.ReturnSchemaJson, d.RequiresApproval, d.ReadOnly)
            {
                SensitiveArguments = ["$.cardNumber"],
                SensitiveResult = true,
            }
            : d).ToArray();

        public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
            => ((IToolSet)inner).InvokeAsync(toolName, utf8JsonArguments, cancellationToken);

        public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, ToolInvocationOptions options, CancellationToken cancellationToken = default)
            => ((IToolSet)inner).InvokeAsync(toolName, utf8JsonArguments, options, cancellationToken);
    }

    [Fact]
    public async Task Sensitive_arguments_and_results_are_redacted_from_the_trace_and_spans_but_not_from_the_tool_or_model()
    {
        var tools = new PaymentTools();
        var agent = Agent.Create("payments", "Take payments.", new SensitivePayments(tools));
        var client = new ScriptedChatClient()
            .ThenToolCalls(("charge", new { cardNumber = "4111111111111111", amount = 12.5m }), ("balance", new { account = "A-1" }))
            .ThenText("done");
        var tags = new List<(string, object?)>();
        Activity? mine = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // Only this test's run: other tests in the process call tools named charge too.
                if (a.DisplayName == "execute_tool charge" && mine is not null && a.TraceId == mine.TraceId)
                {
                    lock (tags) { tags.AddRange(a.TagObjects.Select(t => (t.Key, t.Value))); }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("this test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        mine = parent;

        var result = await Runner(client, new AgentRunOptions { RecordContent = true }).RunAsync(agent, "charge my card");
        parent.Stop();

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["charge 12.5", "balance A-1"], tools.Ran);
        var charge = result.Trace.ToolCalls.First();
        Assert.Equal("""{"cardNumber":"[redacted]","amount":12.5}""", charge.Arguments);
        Assert.Equal("\"[redacted]\"", charge.Result);
        // Only the values marked sensitive: the other tool's call is recorded as it was.
        Assert.Equal("""{"account":"A-1"}""", result.Trace.ToolCalls.Last().Arguments);
        Assert.DoesNotContain("4111111111111111", result.Trace.ToJson(), StringComparison.Ordinal);
        // The model got the real result.
        Assert.Equal("\"charged\"", client.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().First().Result!.ToString());
        lock (tags)
        {
            Assert.Contains(tags, t => t.Item1 == DeclarativeTelemetry.Tags.ToolCallArguments && ((string)t.Item2!).Contains("[redacted]", StringComparison.Ordinal));
            Assert.DoesNotContain(tags, t => t.Item2 is string text && text.Contains("4111111111111111", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("""{"card":"1","amount":2}""", "$.card", """{"card":"[redacted]","amount":2}""")]
    [InlineData("""{"customer":{"email":"a@b.c","name":"Ann"}}""", "$.customer.email", """{"customer":{"email":"[redacted]","name":"Ann"}}""")]
    [InlineData("""{"lines":[{"pin":"1"},{"pin":"2"}]}""", "$.lines[*].pin", """{"lines":[{"pin":"[redacted]"},{"pin":"[redacted]"}]}""")]
    [InlineData("""{"tokens":["a","b"]}""", "$.tokens[*]", """{"tokens":["[redacted]","[redacted]"]}""")]
    [InlineData("""{"other":1}""", "$.card", """{"other":1}""")]
    [InlineData("""{"secrets":{"a":"1","b":{"pin":"2"}}}""", "$.secrets.*", """{"secrets":{"a":"[redacted]","b":"[redacted]"}}""")]
    [InlineData("""{"cards":{"home":{"number":"1","name":"x"}}}""", "$.cards.*.number", """{"cards":{"home":{"number":"[redacted]","name":"x"}}}""")]
    [InlineData("""{"card":""", "$.card", "\"[redacted]\"")]
    public void Paths_redact_exactly_their_values(string arguments, string path, string recorded)
    {
        var tool = new ToolDescriptor("t", "", """{"type":"object"}""", null) { SensitiveArguments = [path] };
        Assert.Equal(recorded, Redaction.Arguments(tool, System.Text.Encoding.UTF8.GetBytes(arguments)));
    }
}
