using System.Text.Json;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

/// <summary>
/// How one turn's calls are run and reported: calls that finish at once and calls that finish later
/// mixed in one turn, and the arguments as the tools receive them and the trace records them.
/// </summary>
public sealed class ToolTurnTests
{
    [Fact]
    public async Task A_turn_mixing_slow_instant_and_unknown_calls_keeps_the_order_asked()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("slow_echo", new { text = "a" }), ("echo", new { text = "b" }), ("nope", new { }), ("slow_echo", new { text = "c" }))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var results = result.Messages.Single(m => m.Role == ChatRole.Tool).Contents.Cast<FunctionResultContent>().ToList();
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], results.Select(r => r.CallId));
        Assert.Equal("\"a\"", results[0].Result);
        Assert.Equal("\"b\"", results[1].Result);
        Assert.Contains("unknown tool 'nope'", (string)results[2].Result!, StringComparison.Ordinal);
        Assert.Equal("\"c\"", results[3].Result);

        var steps = result.Trace.ToolCalls.ToList();
        Assert.Equal(["call_1", "call_2", "call_3", "call_4"], steps.Select(s => s.CallId));
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Index));
        Assert.Equal([ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Refused, ToolCallOutcome.Succeeded], steps.Select(s => s.Outcome));
        Assert.Equal("\"c\"", steps[3].Result);
        Assert.All(steps, s => Assert.True(s.StartedAt >= result.Trace.StartedAt));
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task A_turn_counts_as_failed_only_when_every_call_failed_including_those_that_finish_later()
    {
        var failing = new ScriptedChatClient()
            .ThenToolCalls(("nope", new { }), ("slow_fail", new { reason = "late" }))
            .ThenText("unreached");
        var failed = await Runner(failing, new AgentRunOptions { MaxConsecutiveErrors = 1 }).RunAsync(new TurnAgent(new TurnTools()), "go");
        Assert.Equal(AgentRunStatus.TooManyConsecutiveErrors, failed.Status);
        // The reason quotes the last call of the turn, which finished after the refusal.
        Assert.Contains("boom: late", failed.Reason, StringComparison.Ordinal);
        AssertCallsPaired(failed);

        var mixed = new ScriptedChatClient()
            .ThenToolCalls(("nope", new { }), ("slow_echo", new { text = "fine" }))
            .ThenText("done");
        var completed = await Runner(mixed, new AgentRunOptions { MaxConsecutiveErrors = 1 }).RunAsync(new TurnAgent(new TurnTools()), "go");
        Assert.Equal(AgentRunStatus.Completed, completed.Status);
        AssertCallsPaired(completed);
    }

    [Fact]
    public async Task Steps_follow_one_another_in_time_and_a_call_is_timed_from_its_own_start()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 2 }), ("add", new { a = 3, b = 4 }))
            .ThenToolCalls(("refund", new { orderId = "o-1" }))
            .ThenText("done");
        // A slow approver, on the run's fake clock: the time it takes is the decision's, not the tool's.
        var clock = new CountingClock();
        var handler = new DelegateApprovalHandler(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), clock, cancellationToken);
            return ToolApprovalDecision.Approve("yes");
        });

        var run = Runner(client, new AgentRunOptions { ApprovalHandler = handler, TimeProvider = clock }).RunAsync(new ProbeAgent(tools), "go");
        Assert.True(SpinWait.SpinUntil(() => clock.Timers == 1, TimeSpan.FromSeconds(20)), "the approver never started waiting");
        clock.Advance(TimeSpan.FromMilliseconds(300));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var steps = result.Trace.Steps;
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.True(steps[i].StartedAt >= steps[i - 1].StartedAt + steps[i - 1].Duration,
                $"step {i} started at {steps[i].StartedAt:O}, before step {i - 1} ended");
        }
        var refund = result.Trace.ToolCalls.Single(s => s.ToolName == "refund");
        // The refund itself took no time on the run's clock: it is timed from its own start, after the approval.
        Assert.Equal(TimeSpan.Zero, refund.Duration);
        Assert.Equal(result.Trace.StartedAt + TimeSpan.FromMilliseconds(300), refund.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Trace.Duration);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash / tab \t newline \n")]
    [InlineData("é ü 漢字 😀 <tag> & + ' `")]
    [InlineData("\u0001 control")]
    [InlineData("")]
    public async Task String_arguments_reach_the_tool_exactly_and_the_trace_holds_valid_json(string text)
    {
        var client = new ScriptedChatClient().ThenToolCalls(("echo", new { text })).ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Succeeded, step.Outcome);
        Assert.Equal(text, JsonSerializer.Deserialize<string>(step.Result!));
        using var arguments = JsonDocument.Parse(step.Arguments);
        Assert.Equal(text, arguments.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Long_arguments_reach_the_tool_exactly()
    {
        var text = string.Concat(Enumerable.Repeat("long \"text\" é 😀 ", 200));
        var client = new ScriptedChatClient().ThenToolCalls(("echo", new { text })).ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Succeeded, step.Outcome);
        Assert.Equal(text, JsonSerializer.Deserialize<string>(step.Result!));
    }

    [Fact]
    public async Task Numbers_booleans_nulls_and_nested_values_reach_the_tool()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(new ScriptedToolCall("describe",
                """{ "count": -12, "ratio": 1.5e3, "flag": true, "note": null, "values": [1, 2, 3], "point": { "x": 4, "y": 5 } }"""))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.True(step.Outcome == ToolCallOutcome.Succeeded, string.Join("; ", step.Errors) + " " + step.Arguments);
        Assert.Equal("\"-12 1500 True null 1,2,3 4/5\"", step.Result);
        using var arguments = JsonDocument.Parse(step.Arguments);
        Assert.Equal(6, arguments.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task An_argument_name_that_needs_escaping_is_reported_as_unknown_not_as_malformed_json()
    {
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("odd", "echo", new Dictionary<string, object?>
                {
                    ["text"] = JsonElement.Parse("\"x\""),
                    ["we\"ird"] = JsonElement.Parse("1"),
                }),
            ])))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Failed, step.Outcome);
        using var arguments = JsonDocument.Parse(step.Arguments);
        Assert.Equal(1, arguments.RootElement.GetProperty("we\"ird").GetInt32());
        Assert.DoesNotContain("malformed", step.Errors.Single().Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Arguments_built_in_code_rather_than_parsed_reach_the_tool()
    {
        var client = new ScriptedChatClient()
            .Then(new ChatResponse(new ChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("built", "describe", new Dictionary<string, object?>
                {
                    ["count"] = 7,
                    ["ratio"] = 0.25,
                    ["flag"] = false,
                    ["note"] = "n",
                    ["values"] = new List<int> { 9 },
                    ["point"] = JsonElement.Parse("""{ "x": 1, /* lenient */ "y": 2, }""", new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }),
                }),
            ])))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Succeeded, step.Outcome);
        Assert.Equal("\"7 0.25 False n 9 1/2\"", step.Result);
    }

    [Fact]
    public async Task Every_tool_of_a_large_set_is_found_by_name_and_others_are_refused()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("t1", null), ("t8", null), ("t9", null), ("t10", null))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new TurnAgent(new TurnTools()), "go");

        Assert.Equal([ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Succeeded, ToolCallOutcome.Refused],
            result.Trace.ToolCalls.Select(s => s.Outcome));
        Assert.Equal(["1", "8", "9"], result.Trace.ToolCalls.Take(3).Select(s => s.Result));
    }
}

/// <summary>More tools than a name-by-name search is used for, some finishing at once and some later.</summary>
public sealed partial class TurnTools
{
    [Tool(ReadOnly = true, Description = "Echoes the text.")]
    public string Echo(string text) => text;

    [Tool(ReadOnly = true, Description = "Echoes the text after a short wait.")]
    public async Task<string> SlowEcho(string text, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        return text;
    }

    [Tool(ReadOnly = true, Description = "Fails after a short wait.")]
    public async Task<string> SlowFail(string reason, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        throw new InvalidOperationException("boom: " + reason);
    }

    [Tool(ReadOnly = true, Description = "Describes its arguments.")]
    public string Describe(int count, double ratio, bool flag, string? note, List<int> values, TurnPoint point)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{count} {ratio} {flag} {note ?? "null"} {string.Join(",", values)} {point.X}/{point.Y}");

    [Tool(ReadOnly = true, Description = "One.")]
    public int T1() => 1;

    [Tool(ReadOnly = true, Description = "Two.")]
    public int T2() => 2;

    [Tool(ReadOnly = true, Description = "Three.")]
    public int T3() => 3;

    [Tool(ReadOnly = true, Description = "Four.")]
    public int T4() => 4;

    [Tool(ReadOnly = true, Description = "Five.")]
    public int T5() => 5;

    [Tool(ReadOnly = true, Description = "Six.")]
    public int T6() => 6;

    [Tool(ReadOnly = true, Description = "Seven.")]
    public int T7() => 7;

    [Tool(ReadOnly = true, Description = "Eight.")]
    public int T8() => 8;

    [Tool(ReadOnly = true, Description = "Nine.")]
    public int T9() => 9;
}

/// <summary>A point.</summary>
/// <param name="X">Across.</param>
/// <param name="Y">Down.</param>
public sealed record TurnPoint(int X, int Y);

[Agent("You are a test agent.", Model = "small")]
public sealed partial class TurnAgent([UseTools] TurnTools tools);
