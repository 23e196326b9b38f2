using Declarative.Orchestration;
using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed record RefundDecision(string OrderId, bool Approved);

[Agent("Decide whether a return is refunded.", OutputType = typeof(RefundDecision))]
public sealed partial class RefundDesk;

[Agent("Judge the team's work.", OutputType = typeof(RubricVerdict))]
public sealed partial class TeamJudge;

/// <summary>Hand-off and group-chat compositions through the public API, with scripted models.</summary>
public sealed partial class HandOffAndGroupChatTests
{
    private static IAgent Text(string name, string instructions = "Help.") => Agent.Create(name, instructions);

    private static CompositionException Rejects(Action build) => Assert.Throws<CompositionException>(build);

    // ---- hand-off: the build-time rules, at build-the-object time ----

    [Fact]
    public void A_hand_off_to_an_unknown_participant_is_DCL0027()
    {
        var error = Rejects(() => Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders", "Billing"),
            Participant.Of(Text("Orders"))));

        Assert.Equal("DCL0027", error.DiagnosticId);
        Assert.Equal("'Triage' hands off to 'Billing', which is not a participant of Support", error.Message);
    }

    [Fact]
    public void A_reachable_participant_with_no_way_to_finish_is_DCL0028()
    {
        var error = Rejects(() => Composition.HandOff<string, RefundDecision>("Returns", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Refunds", "Chat"),
            Participant.Of(new RefundDesk(), "Refunds"),
            Participant.Of(Text("Chat"))));

        Assert.Equal("DCL0028", error.DiagnosticId);
        Assert.Equal("'Chat' can neither finish Returns (it does not answer with RefundDecision) nor hand off to a participant that can", error.Message);
    }

    [Fact]
    public void A_participant_that_can_only_finish_through_another_is_accepted_and_an_unreachable_dead_end_is_ignored()
    {
        var composition = Composition.HandOff<string, RefundDecision>("Returns", "Refund returns", HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Intake"),
            Participant.Of(Text("Intake")).HandsOffTo("Refunds"),
            Participant.Of(new RefundDesk(), "Refunds"),
            Participant.Of(Text("Orphan")));

        Assert.Equal(CompositionKind.HandOff, composition.Kind);
        Assert.Equal(["Triage", "Intake", "Refunds", "Orphan"], composition.Participants.Select(p => p.Name));
    }

    [Fact]
    public void A_cycle_without_MaxHandOffs_is_DCL0029_and_with_a_limit_it_builds()
    {
        Participant[] Team() =>
        [
            Participant.Of(Text("Triage")).HandsOffTo("Orders"),
            Participant.Of(Text("Orders")).HandsOffTo("Returns"),
            Participant.Of(Text("Returns")).HandsOffTo("Orders"),
        ];

        var error = Rejects(() => Composition.HandOff<string, string>("Support", null, HandOffOptions.Default, Team()));
        Assert.Equal("DCL0029", error.DiagnosticId);
        Assert.Equal("the hand-offs of Support form a cycle (Orders -> Returns -> Orders) and MaxHandOffs is not set", error.Message);

        var limited = Composition.HandOff<string, string>("Support", null, new HandOffOptions { MaxHandOffs = 4 }, Team());
        Assert.Equal(3, limited.Participants.Count);
    }

    [Fact]
    public void A_hand_off_needs_two_differently_named_participants()
    {
        var one = Rejects(() => Composition.HandOff<string, string>("Solo", null, HandOffOptions.Default, Participant.Of(Text("Triage"))));
        Assert.Equal("DCL0031", one.DiagnosticId);
        Assert.Equal("Solo has 1 participant; a hand-off composition needs at least 2 participants", one.Message);

        var twins = Rejects(() => Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders")), Participant.Of(Text("Helper"), "Orders")));
        Assert.Equal("DCL0030", twins.DiagnosticId);
        Assert.Equal("two agents of Support are named 'Orders'", twins.Message);
    }

    [Fact]
    public void A_transfer_tool_that_clashes_with_another_tool_is_DCL0030()
    {
        var error = Rejects(() => Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("OrdersAgent", "orders_agent"),
            Participant.Of(Text("OrdersAgent")), Participant.Of(Text("orders_agent"))));

        Assert.Equal("DCL0030", error.DiagnosticId);
        Assert.Equal("the hand-off tool 'transfer_to_orders_agent' of Support clashes with another tool of 'Triage' of that name", error.Message);
    }

    [Fact]
    public void A_typed_input_needs_an_entry_that_takes_it()
    {
        var error = Rejects(() => Composition.HandOff<RefundDecision, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders"))));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("Support takes RefundDecision, but its first participant 'Triage' takes text", error.Message);
    }

    // ---- hand-off: running ----

    private static AgentRunner Runner(ScriptedChatClient model) => new(new ModelRegistry(model));

    private static Task<CompositionRunResult<TOutput>> Run<TInput, TOutput>(ScriptedChatClient model, Composition<TInput, TOutput> composition, TInput input,
                                                                           AgentRunOptions? options = null, CancellationToken cancellationToken = default)
        => Runner(model).RunAsync(composition, input, options, cancellationToken);

    private static string[] Invoked(RunTrace trace) => [.. trace.Steps.OfType<AgentInvocationStep>().Select(s => s.AgentName)];

    private static Composition<string, RefundDecision> ReturnsDesk(int maxHandOffs = 0) =>
        Composition.HandOff<string, RefundDecision>("Returns", null, new HandOffOptions { MaxHandOffs = maxHandOffs },
            Participant.Of(Agent.Create("Triage", "Route the customer.", new ProbeTools())).HandsOffTo("Refunds"),
            Participant.Of(new RefundDesk(), "Refunds", "Decides refunds."));

    [Fact]
    public async Task The_target_takes_over_with_the_conversation_its_own_instructions_and_tools_and_its_typed_answer_is_the_result()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "order A17 arrived broken" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var result = await Run(model, ReturnsDesk(), "My order A17 arrived broken.");

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal(new RefundDecision("A17", true), result.Output);
        Assert.Null(result.Ending);
        // The trace: one node per agent turn, the transfer between them.
        Assert.Collection(result.Trace.Steps,
            s => Assert.Equal("Triage", Assert.IsType<AgentInvocationStep>(s).AgentName),
            s =>
            {
                var handOff = Assert.IsType<HandOffStep>(s);
                Assert.Equal(("Triage", "Refunds"), (handOff.From, handOff.To));
                Assert.Contains("order A17 arrived broken", handOff.Payload, StringComparison.Ordinal);
            },
            s => Assert.Equal("Refunds", Assert.IsType<AgentInvocationStep>(s).AgentName));
        Assert.Equal(2, result.Trace.ModelCalls.Count() + result.Trace.AgentInvocations.Sum(a => a.Steps.OfType<ModelCallStep>().Count()));

        var first = model.Requests[0];
        Assert.Contains("transfer_to_refunds", first.ToolNames);
        Assert.Contains("add", first.ToolNames);
        var second = model.Requests[1];
        Assert.Equal("Decide whether a return is refunded.", second.Messages[0].Text);
        Assert.Empty(second.ToolNames); // not the previous agent's tools, and no transfer tools of its own
        Assert.Equal("My order A17 arrived broken.", second.Messages[1].Text);
        var told = second.Messages[^1];
        Assert.Equal("Triage", told.AuthorName);
        Assert.Contains("order A17 arrived broken", told.Text, StringComparison.Ordinal);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task The_hand_off_step_survives_the_trace_json()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "broken" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var result = await Run(model, ReturnsDesk(), "refund?");

        var json = result.Trace.ToJson();
        Assert.Contains("\"kind\": \"hand_off\"", json, StringComparison.Ordinal);
        var back = Assert.IsType<HandOffStep>(RunTrace.FromJson(json).Steps[1]);
        Assert.Equal(("Triage", "Refunds", "{\"reason\":\"broken\"}"), (back.From, back.To, back.Payload));
    }

    [Fact]
    public async Task A_typed_entry_is_given_the_composition_input_rendered_by_it()
    {
        var composition = Composition.HandOff<RefundRequest, RefundDecision>("Returns", null, HandOffOptions.Default,
            Participant.Of(new TypedRefundDesk(), "Refunds").HandsOffTo("Clerk"),
            Participant.Of(new RefundDesk(), "Clerk"));
        var model = new ScriptedChatClient().ThenText("""{"orderId":"B2","approved":false}""");

        var result = await Run(model, composition, new RefundRequest("B2"));

        Assert.Equal(new RefundDecision("B2", false), result.Output);
        Assert.Equal("Refund request for order B2.", model.Requests[0].Messages[^1].Text);
        Assert.Contains("transfer_to_clerk", model.Requests[0].ToolNames);
    }

    [Fact]
    public async Task The_transfer_tool_describes_its_target_and_takes_the_reason_its_schema_asks_for()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "x" }))
            .ThenText("""{"orderId":"A1","approved":false}""");

        await Run(model, ReturnsDesk(), "hi");

        var tool = model.Requests[0].Options!.Tools!.OfType<AIFunctionDeclaration>().Single(t => t.Name == "transfer_to_refunds");
        Assert.Equal("Transfer the conversation to Refunds: Decides refunds.", tool.Description);
        Assert.Contains("\"required\":[\"reason\"]", tool.JsonSchema.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_payload_is_a_path_addressed_tool_error_the_model_fixes()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { why = 1 }))
            .ThenToolCalls(("transfer_to_refunds", new { reason = "broken item" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var result = await Run(model, ReturnsDesk(), "refund please");

        Assert.True(result.Succeeded, result.Reason);
        var error = model.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString()!;
        Assert.Contains("$.why", error, StringComparison.Ordinal);
        Assert.Contains("$.reason", error, StringComparison.Ordinal);
        Assert.Single(result.Trace.Steps.OfType<HandOffStep>());
        Assert.Equal(["Triage", "Refunds"], Invoked(result.Trace));
    }

    [Fact]
    public async Task A_typed_target_gets_its_input_read_with_its_own_reader_and_rendered_by_it()
    {
        var composition = Composition.HandOff<string, RefundDecision>("Returns", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Refunds"),
            Participant.Of(new TypedRefundDesk(), "Refunds"));
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { orderId = 17 }))
            .ThenToolCalls(("transfer_to_refunds", new { orderId = "A17" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var result = await Run(model, composition, "refund A17");

        Assert.True(result.Succeeded, result.Reason);
        var tool = model.Requests[0].Options!.Tools!.OfType<AIFunctionDeclaration>().Single(t => t.Name == "transfer_to_refunds");
        Assert.Contains("orderId", tool.JsonSchema.GetRawText(), StringComparison.Ordinal);
        var error = model.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString()!;
        Assert.Contains("$.orderId: expected a string", error, StringComparison.Ordinal);
        Assert.Equal("Refund request for order A17.", model.Requests[2].Messages[^1].Text);
    }

    [Fact]
    public async Task MaxHandOffs_ends_a_run_that_keeps_transferring_with_a_status_naming_it()
    {
        var composition = Composition.HandOff<string, string>("Support", null, new HandOffOptions { MaxHandOffs = 2 },
            Participant.Of(Text("Orders")).HandsOffTo("Returns"),
            Participant.Of(Text("Returns")).HandsOffTo("Orders"));
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_returns", new { reason = "1" }))
            .ThenToolCalls(("transfer_to_orders", new { reason = "2" }))
            .ThenToolCalls(("transfer_to_returns", new { reason = "3" }));

        var result = await Run(model, composition, "where is my parcel");

        Assert.Equal(CompositionRunStatus.HandOffLimitReached, result.Status);
        Assert.Equal("Support reached MaxHandOffs (2): 'Orders' tried to hand off to 'Returns'", result.Reason);
        Assert.Equal(2, result.Trace.Steps.OfType<HandOffStep>().Count());
    }

    [Fact]
    public async Task The_same_transfer_with_the_same_payload_again_is_detected_as_a_loop()
    {
        var composition = Composition.HandOff<string, string>("Support", null, new HandOffOptions { MaxHandOffs = 10 },
            Participant.Of(Text("Orders")).HandsOffTo("Returns"),
            Participant.Of(Text("Returns")).HandsOffTo("Orders"));
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_returns", new { reason = "not mine" }))
            .ThenToolCalls(("transfer_to_orders", new { reason = "not mine" }))
            .ThenToolCalls(("transfer_to_returns", new { reason = "not mine" }));

        var result = await Run(model, composition, "where is my parcel");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal(AgentRunStatus.DelegationLoop, result.FailedAgentStatus);
        Assert.Equal("Orders", result.FailedAgent);
        Assert.Equal("'Orders' handed off to 'Returns' again with the same payload, a loop: {\"reason\":\"not mine\"}", result.Reason);
    }

    [Fact]
    public async Task A_participant_that_cannot_finish_is_told_to_transfer_a_bounded_number_of_times()
    {
        var model = new ScriptedChatClient().ThenText("I think you should get a refund.").ThenText("Really.").ThenText("Truly.");

        var result = await Run(model, ReturnsDesk(), "refund?");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal("'Triage' cannot finish Returns and answered 3 times instead of handing off", result.Reason);
        Assert.Contains("cannot give the final answer of Returns. Transfer the conversation with one of: transfer_to_refunds",
            model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task The_limit_on_agent_invocations_holds_across_the_hand_offs()
    {
        var composition = Composition.HandOff<string, string>("Support", null, new HandOffOptions { MaxHandOffs = 10 },
            Participant.Of(Text("Orders")).HandsOffTo("Returns"),
            Participant.Of(Text("Returns")).HandsOffTo("Orders"));
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_returns", new { reason = "1" }))
            .ThenToolCalls(("transfer_to_orders", new { reason = "2" }));

        var result = await Run(model, composition, "parcel?", new AgentRunOptions { MultiAgent = new MultiAgentLimits { MaxAgentInvocations = 2 } });

        Assert.Equal(CompositionRunStatus.AgentInvocationLimitReached, result.Status);
        Assert.Contains("limit of 2 agent invocations", result.Reason, StringComparison.Ordinal);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task A_budget_counts_every_agent_of_the_hand_off()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "r" })).WithUsage(60, 10)
            .ThenText("""{"orderId":"A17","approved":true}""").WithUsage(60, 10);

        var result = await Run(model, ReturnsDesk(), "refund?", new AgentRunOptions { Budget = new UsageBudget { MaxTotalTokens = 100 } });

        // Each agent alone stays under 100 tokens; the two together do not.
        Assert.Equal(CompositionRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(140, result.Trace.Usage.TotalTokens);
    }

    [Fact]
    public async Task With_a_text_result_any_participant_may_finish()
    {
        var composition = Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders")));
        var model = new ScriptedChatClient().ThenText("Your parcel ships tomorrow.");

        var result = await Run(model, composition, "where is my parcel");

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal("Your parcel ships tomorrow.", result.Output);
        Assert.Empty(result.Trace.Steps.OfType<HandOffStep>());
    }

    [Fact]
    public async Task A_failed_turn_stops_the_run_with_a_status_naming_the_participant()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "r" }))
            .ThenText("not json").ThenText("still not").ThenText("nope");

        var result = await Run(model, ReturnsDesk(), "refund?");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal("Refunds", result.FailedAgent);
        Assert.Equal(AgentRunStatus.InvalidOutput, result.FailedAgentStatus);
        Assert.StartsWith("turn 2 of Returns: 'Refunds' ended with InvalidOutput", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_a_hand_off_run()
    {
        using var cancel = new CancellationTokenSource();
        var model = new ScriptedChatClient()
            .Then((_, _) =>
            {
                cancel.Cancel();
                return new ChatResponse(new ChatMessage(ChatRole.Assistant,
                    [new FunctionCallContent("c1", "transfer_to_refunds", new Dictionary<string, object?> { ["reason"] = "r" })]));
            })
            .ThenText("""{"orderId":"A17","approved":true}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(model, ReturnsDesk(), "refund?", cancellationToken: cancel.Token));
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_streamed_hand_off_tags_each_update_with_the_agent_whose_turn_it_is()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "broken" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var updates = new List<Declarative.Streaming.AgentRunUpdate>();
        await foreach (var update in Runner(model).RunStreamingAsync(ReturnsDesk(), "refund?"))
        {
            updates.Add(update);
        }

        var end = Assert.IsType<Declarative.Streaming.CompositionCompleted>(updates[^1]);
        Assert.Equal(CompositionRunStatus.Completed, end.Status);
        Assert.Equal(new RefundDecision("A17", true), end.Output);
        Assert.Equal(["Triage", "Refunds"], updates.OfType<Declarative.Streaming.ModelCallFinished>().Select(u => u.AgentName));
        Assert.Equal(["Triage"], updates.OfType<Declarative.Streaming.ToolCallFinished>().Select(u => u.AgentName));
        Assert.Single(end.Trace.Steps.OfType<HandOffStep>());
    }

    [Fact]
    public async Task Each_turn_is_an_invoke_agent_span_under_the_invoke_workflow_span()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var source = new System.Diagnostics.ActivitySource("Declarative.Agents.Tests.HandOff");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name is DeclarativeTelemetry.SourceName or "Declarative.Agents.Tests.HandOff",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "broken" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        string rootId;
        using (var root = source.StartActivity("test root")!)
        {
            rootId = root.TraceId.ToString();
            await Run(model, ReturnsDesk(), "refund?");
        }

        var mine = stopped.Where(a => a.TraceId.ToString() == rootId).ToList();
        var workflow = mine.Single(a => a.DisplayName == "invoke_workflow Returns");
        var agents = mine.Where(a => a.DisplayName.StartsWith("invoke_agent ", StringComparison.Ordinal)).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(["invoke_agent Triage", "invoke_agent RefundDesk"], agents.Select(a => a.DisplayName));
        Assert.All(agents, a => Assert.Equal(workflow.SpanId, a.ParentSpanId));
    }

    [Theory]
    [InlineData("Researcher", "transfer_to_researcher")]
    [InlineData("OrdersAgent", "transfer_to_orders_agent")]
    [InlineData("HTTPFetcher", "transfer_to_http_fetcher")]
    [InlineData("returns_desk", "transfer_to_returns_desk")]
    [InlineData("Agent2Go", "transfer_to_agent2_go")]
    public void A_hand_off_tool_is_named_after_its_target_in_snake_case(string participant, string tool)
        => Assert.Equal(tool, HandOffToolSet.ToolName(participant));
}

public sealed record RefundRequest(string OrderId);

/// <summary>A typed-input agent written by hand (the generator writes these for [Agent(InputType = ...)]).</summary>
public sealed class TypedRefundDesk : IAgent<RefundRequest, RefundDecision>
{
    private readonly IAgent<RefundDecision> _inner = new RefundDesk();

    public TypedRefundDesk()
    {
        var d = _inner.Descriptor;
        Descriptor = new AgentDescriptor("TypedRefundDesk", d.Instructions, d.Tools, d.Description, d.Model, d.OutputSchema?.GetRawText(), d.OutputTypeName,
            """{"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"],"additionalProperties":false}""", "RefundRequest");
    }

    public AgentDescriptor Descriptor { get; }

    public IToolSet Tools => _inner.Tools;

    public bool TryReadOutput(ReadOnlySpan<byte> utf8Json, out RefundDecision output, out IReadOnlyList<ToolError> errors)
        => _inner.TryReadOutput(utf8Json, out output, out errors);

    public string FormatInput(RefundRequest input) => $"Refund request for order {input.OrderId}.";

    public bool TryReadInput(ReadOnlySpan<byte> utf8Json, out RefundRequest input, out IReadOnlyList<ToolError> errors)
    {
        input = null!;
        using var document = System.Text.Json.JsonDocument.Parse(utf8Json.ToArray());
        if (!document.RootElement.TryGetProperty("orderId", out var id))
        {
            errors = [new ToolError("$.orderId", "required property is missing")];
            return false;
        }
        if (id.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            errors = [new ToolError("$.orderId", "expected a string")];
            return false;
        }
        input = new RefundRequest(id.GetString()!);
        errors = [];
        return true;
    }
}
