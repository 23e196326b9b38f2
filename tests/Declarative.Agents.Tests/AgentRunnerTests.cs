using System.Diagnostics;
using System.Text.Json;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;
using static Declarative.Agents.Tests.Support;

namespace Declarative.Agents.Tests;

[Collection(TimingCollection.Name)]
public sealed class AgentRunnerTests
{
    [Fact]
    public async Task Read_only_calls_run_concurrently()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("lookup", new { key = "a" }), ("lookup", new { key = "b" }), ("lookup", new { key = "c" }), ("lookup", new { key = "d" }))
            .ThenText("done");

        // Warm up first, so the timed turn measures the loop, not the JIT.
        await Runner(new ScriptedChatClient().ThenToolCalls(("lookup", new { key = "w" })).ThenText("ok")).RunAsync(new ProbeAgent(new ProbeTools()), "warm up");

        var result = await Runner(client).RunAsync(new ProbeAgent(tools), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var lookups = result.Trace.ToolCalls.ToList();
        Assert.Equal(4, lookups.Count(t => t.Outcome == ToolCallOutcome.Succeeded));
        // Every lookup started before any finished: they ran together. Timed from the trace, so the
        // model turns do not count.
        var firstEnd = lookups.Min(t => t.StartedAt + t.Duration);
        Assert.All(lookups, t => Assert.True(t.StartedAt < firstEnd, $"{t.CallId} started after another lookup had finished"));
        // One after another they would take the sum of their durations (4 x 200 ms); together, about one.
        // Compared with their own durations, so a machine busy with other test assemblies, which stretches
        // every Task.Delay alike, cannot fail it; the absolute bound is the 2 x 200 ms, with room for load.
        var span = lookups.Max(t => t.StartedAt + t.Duration) - lookups.Min(t => t.StartedAt);
        var sum = TimeSpan.FromTicks(lookups.Sum(t => t.Duration.Ticks));
        Assert.True(span < sum / 2, $"the four lookups took {span.TotalMilliseconds:0} ms in all, {sum.TotalMilliseconds:0} ms summed");
        Assert.True(span < TimeSpan.FromMilliseconds(2 * 200 * 3), $"the four lookups took {span.TotalMilliseconds:0} ms");
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Side_effecting_calls_run_one_at_a_time_in_the_order_asked()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("write", new { key = "1" }), ("write", new { key = "2" }), ("write", new { key = "3" }))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new ProbeAgent(tools), "go");

        Assert.Equal(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"], tools.Log);
        Assert.Equal(1, tools.MaxConcurrentWrites);
        var toolMessage = result.Messages.Single(m => m.Role == ChatRole.Tool);
        Assert.Equal(["call_1", "call_2", "call_3"], toolMessage.Contents.OfType<FunctionResultContent>().Select(r => r.CallId));
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Unknown_and_out_of_scope_tools_are_refused_and_the_run_goes_on()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("delete_all", new { }), ("lokup", new { key = "a" }), ("add", new { a = 1, b = 2 }))
            .ThenText("done");

        var result = await Runner(client).RunAsync(new ProbeAgent(tools), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var steps = result.Trace.ToolCalls.ToList();
        Assert.Equal(ToolCallOutcome.Refused, steps[0].Outcome);
        Assert.Equal(ToolCallOutcome.Refused, steps[1].Outcome);
        Assert.Equal(ToolCallOutcome.Succeeded, steps[2].Outcome);
        var second = client.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Contains("unknown tool 'delete_all'", second[0].Result!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Available tools: lookup, write, refund, hang, add, fail", second[0].Result!.ToString(), StringComparison.Ordinal);
        Assert.Contains("did you mean 'lookup'", second[1].Result!.ToString(), StringComparison.Ordinal);
        Assert.Equal("3", second[2].Result!.ToString());
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Argument_errors_go_back_with_their_paths_and_the_model_corrects_them()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = "one", b = 2 }))
            .Then((messages, _) =>
            {
                var error = messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString()!;
                Assert.Contains("$.a: expected integer, got string \"one\"", error, StringComparison.Ordinal);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant,
                    [new FunctionCallContent("fix", "add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })]));
            })
            .ThenText("the sum is 3");

        var result = await Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "add one and two");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("the sum is 3", result.Text);
        var steps = result.Trace.ToolCalls.ToList();
        Assert.Equal(ToolCallOutcome.Failed, steps[0].Outcome);
        Assert.Equal("$.a", steps[0].Errors.Single().Path);
        Assert.Equal(ToolCallOutcome.Succeeded, steps[1].Outcome);
        Assert.Equal("3", steps[1].Result);
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Malformed_arguments_from_the_client_are_reported_as_malformed_json()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(new ScriptedToolCall("add", "{\"a\": 1, \"b\": "))
            .ThenText("gave up");

        var result = await Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Failed, step.Outcome);
        Assert.Contains("malformed JSON", step.Errors.Single().Message, StringComparison.Ordinal);
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task A_tool_exception_goes_back_as_a_short_message_without_details_unless_asked()
    {
        var client = new ScriptedChatClient().ThenToolCalls(("fail", new { reason = "x" })).ThenText("sorry");
        var result = await Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        var message = result.Trace.ToolCalls.Single().Errors.Single().Message;
        Assert.Equal("tool 'fail' failed: boom: x", message);

        var detailed = new ScriptedChatClient().ThenToolCalls(("fail", new { reason = "x" })).ThenText("sorry");
        var options = new AgentRunOptions { ToolInvocation = new ToolInvocationOptions { IncludeExceptionDetails = true } };
        var withDetails = await Runner(detailed, options).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        Assert.Contains("InvalidOperationException", withDetails.Trace.ToolCalls.Single().Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_iterations_ends_the_run_with_its_status()
    {
        var client = new ScriptedChatClient();
        for (var i = 0; i < 3; i++)
        {
            client.ThenToolCalls(("add", new { a = i, b = 1 }));
        }

        var result = await Runner(client, new AgentRunOptions { MaxIterations = 3 }).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        Assert.Equal(AgentRunStatus.MaxIterationsReached, result.Status);
        Assert.Contains("3 iterations", result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.Trace.ModelCalls.Count());
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Consecutive_errors_end_the_run_with_its_status()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("fail", new { reason = "1" }))
            .ThenToolCalls(("fail", new { reason = "2" }))
            .ThenText("unreached");

        var result = await Runner(client, new AgentRunOptions { MaxConsecutiveErrors = 2 }).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        Assert.Equal(AgentRunStatus.TooManyConsecutiveErrors, result.Status);
        Assert.Equal(1, client.RemainingSteps);
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task A_successful_call_resets_the_consecutive_error_count()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("fail", new { reason = "1" }))
            .ThenToolCalls(("add", new { a = 1, b = 1 }))
            .ThenToolCalls(("fail", new { reason = "2" }))
            .ThenText("done");

        var result = await Runner(client, new AgentRunOptions { MaxConsecutiveErrors = 2 }).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
    }

    [Fact]
    public async Task A_token_budget_ends_the_run_with_its_status()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 1 })).WithUsage(600, 50)
            .ThenToolCalls(("add", new { a = 2, b = 2 })).WithUsage(700, 50)
            .ThenText("unreached").WithUsage(800, 50);

        var options = new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 1000 } };
        var result = await Runner(client, options).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        Assert.Equal(AgentRunStatus.BudgetExceeded, result.Status);
        Assert.Contains("total tokens 1400", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Trace.ModelCalls.Count());
    }

    [Fact]
    public async Task A_money_budget_uses_the_price_table_including_cached_tokens()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 1 })).WithUsage(1_000_000, 100_000, cachedInputTokens: 500_000)
            .ThenText("unreached").WithUsage(1_000_000, 100_000);
        var prices = new PriceTable().Add("small", new ModelPrice(InputPerMillion: 2m, OutputPerMillion: 10m, CachedInputPerMillion: 1m));

        var options = new AgentRunOptions { Prices = prices, Budget = new UsageBudget { MaxCost = 3m } };
        var result = await new AgentRunner(new ModelRegistry().Add("small", client), options).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        // 0.5M uncached x 2 + 0.5M cached x 1 + 0.1M out x 10 = 1 + 0.5 + 1 = 2.5; the second call brings it to 5.5.
        Assert.Equal(2.5m, result.Trace.ModelCalls.First().Cost);
        Assert.Equal(AgentRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(5.5m, result.Cost);
    }

    [Fact]
    public async Task The_run_timeout_ends_the_run_with_its_status()
    {
        var client = new ScriptedChatClient().ThenToolCalls(("hang", new { })).ThenText("unreached");

        var result = await Runner(client, new AgentRunOptions { RunTimeout = TimeSpan.FromMilliseconds(150) }).RunAsync(new ProbeAgent(new ProbeTools()), "go");

        Assert.Equal(AgentRunStatus.TimedOut, result.Status);
    }

    [Fact]
    public async Task A_tool_past_its_timeout_is_cancelled_and_the_model_is_told()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("hang", new { }), ("add", new { a = 1, b = 2 }))
            .ThenText("ok");

        var clock = Stopwatch.StartNew();
        var result = await Runner(client, new AgentRunOptions { ToolTimeout = TimeSpan.FromMilliseconds(100) }).RunAsync(new ProbeAgent(tools), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.True(clock.ElapsedMilliseconds < 2000);
        var hang = result.Trace.ToolCalls.First();
        Assert.Equal(ToolCallOutcome.TimedOut, hang.Outcome);
        Assert.True(Assert.Single(tools.Tokens).IsCancellationRequested);
        var told = client.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().First().Result!.ToString();
        Assert.Contains("timed out after 100 ms", told, StringComparison.Ordinal);
        Assert.Equal(ToolCallOutcome.Succeeded, result.Trace.ToolCalls.Last().Outcome);
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_run_promptly_and_is_not_swallowed()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient().ThenToolCalls(("hang", new { })).ThenText("unreached");
        using var cts = new CancellationTokenSource();
        var run = Runner(client).RunAsync(new ProbeAgent(tools), [new ChatMessage(ChatRole.User, "go")], null, cts.Token);
        while (tools.Tokens.IsEmpty)
        {
            await Task.Delay(5);
        }

        // Whether the run's task is completed within 100 ms of Cancel, watched from here rather than
        // through a continuation, whose scheduling on a busy machine is not the runner's doing.
        cts.Cancel();
        Assert.True(SpinWait.SpinUntil(() => run.IsCompleted, 100), "the run was still going 100 ms after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_slow_model_call_is_prompt()
    {
        var client = new ScriptedChatClient().ThenText("late").WithDelay(TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource();
        var run = Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), [new ChatMessage(ChatRole.User, "go")], null, cts.Token);
        while (client.Requests.Count == 0)
        {
            await Task.Delay(5);
        }
        cts.Cancel();
        Assert.True(SpinWait.SpinUntil(() => run.IsCompleted, 100), "the run was still going 100 ms after cancellation");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_model_error_ends_the_run_with_its_status()
    {
        var client = new ScriptedChatClient().ThenThrow(new HttpRequestException("503 from provider"));
        var result = await Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        Assert.Equal(AgentRunStatus.ModelError, result.Status);
        Assert.Contains("503 from provider", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_call_runs_and_the_decision_is_traced()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient().ThenToolCalls(("refund", new { orderId = "o-1" })).ThenText("refunded");
        var handler = new DelegateApprovalHandler((request, _) =>
        {
            Assert.Equal("refund", request.Tool.Name);
            Assert.Equal("o-1", request.Arguments!.Value.GetProperty("orderId").GetString());
            return ValueTask.FromResult(ToolApprovalDecision.Approve("clerk said yes"));
        });

        var result = await Runner(client, new AgentRunOptions { ApprovalHandler = handler }).RunAsync(new ProbeAgent(tools), "refund o-1");

        Assert.Equal(["o-1"], tools.Refunds);
        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.True(step.Approved);
        Assert.Equal("clerk said yes", step.ApprovalReason);
        Assert.Equal(ToolCallOutcome.Succeeded, step.Outcome);
    }

    [Fact]
    public async Task A_denied_call_never_runs_and_the_model_is_told()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient().ThenToolCalls(("refund", new { orderId = "o-1" })).ThenText("could not refund");
        var handler = new DelegateApprovalHandler((_, _) => ValueTask.FromResult(ToolApprovalDecision.Deny("over the limit")));

        var result = await Runner(client, new AgentRunOptions { ApprovalHandler = handler }).RunAsync(new ProbeAgent(tools), "refund o-1");

        Assert.Empty(tools.Refunds);
        var step = Assert.Single(result.Trace.ToolCalls);
        Assert.Equal(ToolCallOutcome.Denied, step.Outcome);
        Assert.False(step.Approved);
        var told = client.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString();
        Assert.Contains("not approved: over the limit", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_handler_approval_required_calls_are_denied()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient().ThenToolCalls(("refund", new { orderId = "o-1" })).ThenText("no");
        var result = await Runner(client).RunAsync(new ProbeAgent(tools), "go");
        Assert.Empty(tools.Refunds);
        Assert.Equal(ToolCallOutcome.Denied, Assert.Single(result.Trace.ToolCalls).Outcome);
    }

    [Fact]
    public async Task A_pending_approval_does_not_hold_back_the_other_calls_of_the_turn()
    {
        var tools = new ProbeTools();
        var client = new ScriptedChatClient()
            .ThenToolCalls(("refund", new { orderId = "o-1" }), ("lookup", new { key = "k" }), ("write", new { key = "w" }))
            .ThenText("done");
        // The approver answers only after the other calls have finished: if they waited for it, the run would deadlock.
        var handler = new DelegateApprovalHandler(async (_, ct) =>
        {
            await tools.LookupFinished.Task.WaitAsync(ct);
            while (!tools.Log.Contains("end w"))
            {
                await Task.Delay(5, ct);
            }
            return ToolApprovalDecision.Approve();
        });

        var result = await Runner(client, new AgentRunOptions { ApprovalHandler = handler, RunTimeout = TimeSpan.FromSeconds(10) }).RunAsync(new ProbeAgent(tools), "go");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["o-1"], tools.Refunds);
        Assert.All(result.Trace.ToolCalls, s => Assert.Equal(ToolCallOutcome.Succeeded, s.Outcome));
        AssertCallsPaired(result);
    }

    [Fact]
    public async Task A_typed_output_is_retried_after_an_invalid_answer()
    {
        var client = new ScriptedChatClient()
            .ThenText("""{"approved":"yes","reason":"fine"}""")
            .ThenText("""{"approved":true,"reason":"fine","tags":["a"]}""");

        var result = await Runner(client).RunAsync(new VerdictAgent(), "decide");

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(new Verdict(true, "fine", ["a"]).Reason, result.Output!.Reason);
        Assert.Equal(["a"], result.Output.Tags);
        var feedback = client.Requests[1].Messages[^1].Text;
        Assert.Contains("$.approved: expected boolean, got string \"yes\"", feedback, StringComparison.Ordinal);
        Assert.Contains("$.tags: required property is missing", feedback, StringComparison.Ordinal);
        var format = Assert.IsType<ChatResponseFormatJson>(client.Requests[0].Options!.ResponseFormat);
        Assert.Equal("Verdict", format.SchemaName);
        Assert.Equal(2, result.Trace.Steps.OfType<OutputValidationStep>().Count());
    }

    [Fact]
    public async Task A_typed_output_that_stays_invalid_ends_with_its_status()
    {
        var client = new ScriptedChatClient().ThenText("nope").ThenText("{}").ThenText("[]");
        var result = await Runner(client, new AgentRunOptions { MaxOutputRetries = 2 }).RunAsync(new VerdictAgent(), "decide");
        Assert.Equal(AgentRunStatus.InvalidOutput, result.Status);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task The_model_registry_routes_agents_by_tier()
    {
        var small = new ScriptedChatClient().ThenText("from small");
        var large = new ScriptedChatClient();
        var registry = new ModelRegistry(large, "big-model").Add("small", small, "tiny-model");

        var result = await new AgentRunner(registry).RunAsync(new ProbeAgent(new ProbeTools()), "hi");

        Assert.Equal("from small", result.Text);
        Assert.Equal("tiny-model", small.Requests[0].Options!.ModelId);
        Assert.Empty(large.Requests);
        Assert.Throws<InvalidOperationException>(() => new ModelRegistry(unknownToDefault: false).Resolve("x"));
    }

    [Fact]
    public async Task The_request_carries_instructions_history_and_only_the_agents_tools()
    {
        var client = new ScriptedChatClient().ThenText("hi");
        await Runner(client).RunAsync(new ProbeAgent(new ProbeTools()), "hello");
        var request = client.Requests[0];
        Assert.Equal(ChatRole.System, request.Messages[0].Role);
        Assert.Equal("You are a test agent.", request.Messages[0].Text);
        Assert.Equal("hello", request.Messages[1].Text);
        Assert.Equal(["lookup", "write", "refund", "hang", "add", "fail"], request.Options!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task The_trace_records_every_step_and_round_trips_through_json()
    {
        var client = new ScriptedChatClient()
            .ThenToolCalls(("add", new { a = 1, b = 2 }), ("lookup", new { key = "k" })).WithUsage(100, 20, cachedInputTokens: 40)
            .ThenText("3").WithUsage(150, 5);
        var options = new AgentRunOptions { Prices = new PriceTable().Add("small", new ModelPrice(1m, 2m)) };

        var result = await Runner(client, options).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        var trace = result.Trace;

        Assert.Equal(["model_call", "tool_call", "tool_call", "model_call"], trace.Steps.Select(Kind));
        Assert.Equal([0, 1, 2, 3], trace.Steps.Select(s => s.Index));
        Assert.Equal(new UsageTotals { InputTokens = 250, OutputTokens = 25, CachedInputTokens = 40 }, trace.Usage);
        Assert.Equal("3", trace.ToolCalls.First().Result);
        Assert.Equal("""{"a":1,"b":2}""", trace.ToolCalls.First().Arguments);
        Assert.Contains("steps: 4 (2 model calls, 2 tool calls, 0 tool errors)", trace.Summarize(), StringComparison.Ordinal);

        var back = RunTrace.FromJson(trace.ToJson());
        Assert.Equal(trace.Steps.Select(Kind), back.Steps.Select(Kind));
        Assert.Equal(trace.Usage, back.Usage);
        Assert.Equal(trace.Cost, back.Cost);
        Assert.Equal(trace.ToolCalls.Select(t => (t.CallId, t.Result, t.Outcome)), back.ToolCalls.Select(t => (t.CallId, t.Result, t.Outcome)));
        Assert.Throws<JsonException>(() => RunTrace.FromJson("[1]"));

        static string Kind(TraceStep step) => step switch
        {
            ModelCallStep => "model_call",
            ToolCallStep => "tool_call",
            _ => "other",
        };
    }

    [Fact]
    public async Task Strict_schemas_are_requested_and_null_means_default()
    {
        var client = new ScriptedChatClient().ThenText("ok");
        await Runner(client, new AgentRunOptions { UseStrictToolSchemas = true }).RunAsync(new ProbeAgent(new ProbeTools()), "go");
        Assert.Equal(true, client.Requests[0].Options!.AdditionalProperties!["strict"]);
        var add = client.Requests[0].Options!.Tools!.OfType<AIFunction>().Single(t => t.Name == "add");
        Assert.True(add.AdditionalProperties.ContainsKey("declarative.strictParametersSchema"));
    }
}
