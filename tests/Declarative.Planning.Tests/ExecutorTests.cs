using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Declarative.Planning.Tests;

/// <summary>The DAG executor: ordering, failure handling, retries, approvals, time limits and the trace.</summary>
public sealed class ExecutorTests(ITestOutputHelper output)
{
    private static Plan Validate(ShopTools tools, string json)
    {
        var result = new PlanValidator(tools).Validate(json);
        Assert.True(result.IsValid, result.ToString());
        return result.Plan!;
    }

    [Fact]
    public async Task A_step_runs_only_after_the_steps_it_depends_on_and_gets_their_values()
    {
        var tools = new ShopTools { LookupDelayMs = 30 };
        var plan = Validate(tools, """
            {"steps":[
              {"id":"total","tool":"sum","arguments":{"numbers":{"$from":"words","path":"/numbers"}}},
              {"id":"words","tool":"summarize","arguments":{"words":["ab","cde"]},"dependsOn":["find"]},
              {"id":"find","tool":"get_item_descriptions","arguments":{"category":"s"}}]}
            """);

        var result = await new PlanExecutor(tools).ExecuteAsync(plan);

        Assert.True(result.IsSuccess, result.Describe());
        Assert.Equal(["get_item_descriptions(s,)", "summarize(ab,cde)", "sum(2,3)"], tools.Calls);
        Assert.Equal("5", result["total"].Result!.ToString());
        Assert.Equal("""{"numbers":[2,3]}""", result["total"].Arguments);
        Assert.Equal(5, result.ValueOf("total")!.Value.GetInt32());
    }

    [Fact]
    public async Task A_failed_step_skips_its_dependents_while_independent_branches_finish()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[
              {"id":"bad","tool":"explode","arguments":{"why":"test"}},
              {"id":"after","tool":"log","arguments":{"line":"never"},"dependsOn":["bad"]},
              {"id":"later","tool":"log","arguments":{"line":"never either"},"dependsOn":["after"]},
              {"id":"other","tool":"get_item_price","arguments":{"itemIds":["A"]}}]}
            """);

        var result = await new PlanExecutor(tools).ExecuteAsync(plan);

        output.WriteLine(result.Describe());
        Assert.Equal(PlanExecutionStatus.Failed, result.Status);
        Assert.Equal(
            [PlanStepStatus.Failed, PlanStepStatus.Skipped, PlanStepStatus.Skipped, PlanStepStatus.Succeeded],
            result.Steps.Select(s => s.Status));
        Assert.Equal("step 'bad' did not succeed", result["after"].Reason);
        Assert.Equal("step 'after' did not succeed", result["later"].Reason);
        var error = Assert.Single(result["bad"].Errors);
        Assert.Equal("$.steps[0]", error.Path);
        Assert.Contains("boom: test", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tools.Calls, c => c.StartsWith("log", StringComparison.Ordinal));
        Assert.Contains("get_item_price(A)", tools.Calls);
    }

    [Fact]
    public async Task Fail_fast_cancels_what_is_running_and_starts_nothing_more()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[
              {"id":"slow","tool":"wait","arguments":{"milliseconds":5000}},
              {"id":"bad","tool":"explode","arguments":{"why":"now"}},
              {"id":"next","tool":"log","arguments":{"line":"no"},"dependsOn":["slow"]}]}
            """);
        var watch = Stopwatch.StartNew();

        var result = await new PlanExecutor(tools, new PlanExecutionOptions { FailFast = true }).ExecuteAsync(plan);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"fail-fast took {watch.Elapsed}");
        Assert.Equal(PlanStepStatus.Cancelled, result["slow"].Status);
        Assert.Equal(PlanStepStatus.Failed, result["bad"].Status);
        Assert.Equal(PlanStepStatus.Skipped, result["next"].Status);
        Assert.Contains("fails fast", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_tool_is_retried_by_policy_and_a_side_effect_never_runs_twice()
    {
        var tools = new ShopTools { FlakyFailuresToGo = 2 };
        var plan = Validate(tools, """
            {"steps":[{"id":"f","tool":"flaky","arguments":{"value":7}},{"id":"x","tool":"explode","arguments":{"why":"once"}}]}
            """);
        var options = new PlanExecutionOptions { Retry = new PlanRetryPolicy { MaxAttempts = 3, Delay = TimeSpan.FromMilliseconds(1) } };

        var result = await new PlanExecutor(tools, options).ExecuteAsync(plan);

        Assert.Equal(PlanStepStatus.Succeeded, result["f"].Status);
        Assert.Equal(3, result["f"].Attempts);
        Assert.Equal(3, tools.Calls.Count(c => c == "flaky(7)"));
        Assert.Equal(PlanStepStatus.Failed, result["x"].Status);
        Assert.Equal(1, result["x"].Attempts);
        Assert.Single(tools.Calls, c => c == "explode(once)");
    }

    [Fact]
    public async Task Retries_stop_at_the_limit()
    {
        var tools = new ShopTools { FlakyFailuresToGo = 10 };
        var plan = Validate(tools, """{"steps":[{"id":"f","tool":"flaky","arguments":{"value":1}}]}""");
        var options = new PlanExecutionOptions { Retry = new PlanRetryPolicy { MaxAttempts = 2, Delay = TimeSpan.Zero } };

        var result = await new PlanExecutor(tools, options).ExecuteAsync(plan);

        Assert.Equal(PlanStepStatus.Failed, result["f"].Status);
        Assert.Equal(2, result["f"].Attempts);
        Assert.Equal("the tool failed", result["f"].Reason);
    }

    [Fact]
    public async Task A_step_over_its_time_limit_times_out_and_its_token_is_cancelled()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """{"steps":[{"id":"w","tool":"wait","arguments":{"milliseconds":10000}}]}""");

        var result = await new PlanExecutor(tools, new PlanExecutionOptions { StepTimeout = TimeSpan.FromMilliseconds(50) }).ExecuteAsync(plan);

        Assert.Equal(PlanStepStatus.TimedOut, result["w"].Status);
        Assert.Contains("timed out after 50 ms", Assert.Single(result["w"].Errors).Message, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Per_call_approval_denied_means_the_tool_never_runs_and_dependents_are_skipped()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[{"id":"ret","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}},
                      {"id":"log","tool":"log","arguments":{"line":"done"},"dependsOn":["ret"]}]}
            """);
        var asked = new List<ToolApprovalRequest>();
        var options = new PlanExecutionOptions
        {
            ApprovalHandler = new DelegateApprovalHandler((request, _) =>
            {
                asked.Add(request);
                return new(ToolApprovalDecision.Deny("not today"));
            }),
        };

        var result = await new PlanExecutor(tools, options).ExecuteAsync(plan);

        var request = Assert.Single(asked);
        Assert.Equal(("record_return", "ret", """{"itemId":"SG-1","quantity":1}"""), (request.Tool.Name, request.CallId, request.ArgumentsJson));
        Assert.Equal(PlanStepStatus.Denied, result["ret"].Status);
        Assert.Equal("approval was denied: not today", result["ret"].Reason);
        Assert.Equal(PlanStepStatus.Skipped, result["log"].Status);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task Without_an_approval_handler_approval_required_calls_are_denied()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """{"steps":[{"id":"ret","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}}]}""");

        var result = await new PlanExecutor(tools).ExecuteAsync(plan);

        Assert.Equal(PlanStepStatus.Denied, result["ret"].Status);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task A_whole_plan_is_reviewed_once_and_then_runs_without_asking_per_call()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[{"id":"r1","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}},
                      {"id":"r2","tool":"record_return","arguments":{"itemId":"SG-3","quantity":2}},
                      {"id":"p","tool":"get_item_price","arguments":{"itemIds":["SG-1"]}}]}
            """);
        var reviews = new List<PlanApprovalRequest>();
        var options = new PlanExecutionOptions
        {
            ApprovalMode = PlanApprovalMode.WholePlan,
            PlanApprovalHandler = new DelegatePlanApprovalHandler((request, _) =>
            {
                reviews.Add(request);
                return new(ToolApprovalDecision.Approve("reviewed"));
            }),
            ApprovalHandler = new DelegateApprovalHandler((_, _) => throw new InvalidOperationException("per-call approval must not be asked")),
        };

        var result = await new PlanExecutor(tools, options).ExecuteAsync(plan);

        Assert.True(result.IsSuccess, result.Describe());
        var review = Assert.Single(reviews);
        Assert.Equal(["r1", "r2"], review.StepsRequiringApproval.Select(s => s.Id));
        Assert.Equal(3, tools.Calls.Count);
    }

    [Fact]
    public async Task A_whole_plan_denied_runs_nothing_at_all()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[{"id":"p","tool":"get_item_price","arguments":{"itemIds":["SG-1"]}},
                      {"id":"r","tool":"record_return","arguments":{"itemId":"SG-1","quantity":1}}]}
            """);
        var options = new PlanExecutionOptions
        {
            ApprovalMode = PlanApprovalMode.WholePlan,
            PlanApprovalHandler = new DelegatePlanApprovalHandler((_, _) => new(ToolApprovalDecision.Deny("too risky"))),
        };

        var result = await new PlanExecutor(tools, options).ExecuteAsync(plan);

        Assert.Equal(PlanExecutionStatus.Denied, result.Status);
        Assert.All(result.Steps, s => Assert.Equal(PlanStepStatus.Skipped, s.Status));
        Assert.Contains("too risky", result.Reason, StringComparison.Ordinal);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task A_reference_the_actual_result_cannot_satisfy_fails_the_step_with_its_path()
    {
        var tools = new ShopTools();
        // Valid statically (an index into a list), but the filtered list has one item only.
        var plan = Validate(tools, """
            {"steps":[{"id":"find","tool":"get_item_descriptions","arguments":{"category":"s","filter":"aviator"}},
                      {"id":"stock","tool":"check_inventory","arguments":{"itemIds":[{"$from":"find","path":"/1/id"}]}}]}
            """);

        var result = await new PlanExecutor(tools).ExecuteAsync(plan);

        var stock = result["stock"];
        Assert.Equal(PlanStepStatus.Failed, stock.Status);
        var error = Assert.Single(stock.Errors);
        Assert.Equal("$.steps[1].arguments.itemIds[0]", error.Path);
        Assert.Contains("has 1 item, so '1' is out of range", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tools.Calls, c => c.StartsWith("check_inventory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolved_values_are_checked_again_by_the_tools_reader()
    {
        // A hand-written tool set whose declared return schema lies about its result.
        var lying = new LyingToolSet();
        var validation = new PlanValidator(lying).Validate("""
            {"steps":[{"id":"a","tool":"make","arguments":{}},{"id":"b","tool":"take","arguments":{"n":{"$from":"a","path":"/n"}}}]}
            """);
        Assert.True(validation.IsValid, validation.ToString());

        var result = await new PlanExecutor(lying).ExecuteAsync(validation.Plan!);

        Assert.Equal(PlanStepStatus.Failed, result["b"].Status);
        Assert.Equal("the tool refused its arguments", result["b"].Reason);
        Assert.Equal("$.steps[1].arguments.n", Assert.Single(result["b"].Errors).Path);
        Assert.Equal(0, lying.TakeCalls);
    }

    [Fact]
    public async Task The_degree_of_parallelism_caps_running_steps()
    {
        var tools = new CountingTools();
        var steps = string.Join(",", Enumerable.Range(0, 6).Select(i => "{\"id\":\"s" + i + "\",\"tool\":\"hold\",\"arguments\":{}}"));
        var plan = new PlanValidator(tools).Validate("{\"steps\":[" + steps + "]}").Plan!;

        var result = await new PlanExecutor(tools, new PlanExecutionOptions { MaxDegreeOfParallelism = 2 }).ExecuteAsync(plan);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, tools.MaxConcurrent);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """{"steps":[{"id":"w","tool":"wait","arguments":{"milliseconds":10000}}]}""");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PlanExecutor(tools).ExecuteAsync(plan, cancel.Token));
    }

    [Fact]
    public async Task Every_step_is_in_the_trace_and_the_trace_round_trips_through_JSON()
    {
        var tools = new ShopTools();
        var plan = Validate(tools, """
            {"steps":[{"id":"bad","tool":"explode","arguments":{"why":"x"}},
                      {"id":"after","tool":"log","arguments":{"line":"y"},"dependsOn":["bad"]},
                      {"id":"p","tool":"get_item_price","arguments":{"itemIds":["A"]}}]}
            """);
        var result = await new PlanExecutor(tools).ExecuteAsync(plan, "shop");
        var read = RunTrace.FromJson(result.Trace.ToJson());

        var steps = read.PlanSteps.ToDictionary(s => s.StepId);
        Assert.Equal(3, steps.Count);
        Assert.Equal(PlanStepStatus.Failed, steps["bad"].Status);
        Assert.Equal(PlanStepStatus.Skipped, steps["after"].Status);
        Assert.Equal(["bad"], steps["after"].Dependencies);
        Assert.Equal(PlanStepStatus.Succeeded, steps["p"].Status);
        Assert.Equal("""[{"itemId":"A","amount":10}]""", steps["p"].Result);
        Assert.Equal("""{"itemIds":["A"]}""", steps["p"].Arguments);
        Assert.Equal(1, steps["p"].Attempts);
        Assert.Equal(Enumerable.Range(0, 3), read.Steps.Select(s => s.Index));
        Assert.Contains("3 plan steps, 2 not succeeded", read.Summarize(), StringComparison.Ordinal);
        var summed = steps.Values.Sum(s => s.Duration.TotalMilliseconds);
        Assert.Contains($", plan steps {summed:0} ms (summed over steps that may overlap)", read.Summarize(), StringComparison.Ordinal);
        Assert.DoesNotContain("plan steps", new RunTrace { AgentName = "no plan" }.Summarize(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_are_activities_under_one_plan_activity()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var tools = new ShopTools();
        var plan = Validate(tools, Plans.Sunglasses);

        await new PlanExecutor(tools).ExecuteAsync(plan, "shop-planner");

        List<Activity> mine;
        lock (activities)
        {
            var root = activities.Single(a => a.DisplayName == "plan shop-planner");
            mine = activities.Where(a => a.ParentSpanId == root.SpanId).ToList();
            Assert.Equal("plan", root.GetTagItem(DeclarativeTelemetry.Tags.OperationName));
        }
        Assert.Equal(["execute_tool check_inventory", "execute_tool get_item_descriptions", "execute_tool get_item_price"], mine.Select(a => a.DisplayName).Order());
        Assert.All(mine, a => Assert.Equal("execute_tool", a.GetTagItem(DeclarativeTelemetry.Tags.OperationName)));
        Assert.Contains(mine, a => (string?)a.GetTagItem(DeclarativeTelemetry.Tags.ToolCallId) == "stock");
    }

    /// <summary>A tool set whose 'make' claims to return an integer n but returns a string.</summary>
    private sealed class LyingToolSet : IToolSet
    {
        public int TakeCalls { get; private set; }

        public IReadOnlyList<ToolDescriptor> Tools { get; } =
        [
            new("make", "", """{"type":"object","properties":{},"additionalProperties":false}""",
                """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}""", readOnly: true),
            new("take", "", """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}""", null),
        ];

        public ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        {
            if (toolName == "make")
            {
                return new(ToolResult.Success("""{"n":"seven"}"""u8.ToArray()));
            }
            var text = System.Text.Encoding.UTF8.GetString(utf8JsonArguments.Span);
            if (text.Contains('"' + "seven", StringComparison.Ordinal))
            {
                return new(ToolResult.Failure("$.n", "expected integer, got string"));
            }
            TakeCalls++;
            return new(ToolResult.Void);
        }
    }

    /// <summary>One read-only tool that records how many calls overlap.</summary>
    private sealed class CountingTools : IToolSet
    {
        private int _running;

        public int MaxConcurrent { get; private set; }

        public IReadOnlyList<ToolDescriptor> Tools { get; } =
            [new("hold", "", """{"type":"object","properties":{},"additionalProperties":false}""", """{"type":"integer"}""", readOnly: true)];

        public async ValueTask<ToolResult> InvokeAsync(string toolName, ReadOnlyMemory<byte> utf8JsonArguments, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _running);
            lock (this)
            {
                MaxConcurrent = Math.Max(MaxConcurrent, now);
            }
            await Task.Delay(40, cancellationToken);
            Interlocked.Decrement(ref _running);
            return ToolResult.Success("1"u8.ToArray());
        }
    }
}
