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
public sealed class HandOffAndGroupChatTests
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
        Assert.Equal("the hand-off composition Solo needs at least two participants, but has 1", one.Message);

        var twins = Rejects(() => Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders")), Participant.Of(Text("Helper"), "Orders")));
        Assert.Equal("DCL0030", twins.DiagnosticId);
        Assert.Equal("two agents of Support are named 'Orders'", twins.Message);
    }

    [Fact]
    public void A_typed_input_needs_an_entry_that_takes_it()
    {
        var error = Rejects(() => Composition.HandOff<RefundDecision, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders"))));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("'Triage' opens Support but does not take its input RefundDecision", error.Message);
    }

    // ---- group chat: the build-time rules ----

    [Fact]
    public void A_group_chat_needs_two_participants()
    {
        var error = Rejects(() => Composition.GroupChat<string, string>("Team", null, new GroupChatOptions(), Participant.Of(Text("Coder"))));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("the group chat composition Team needs at least two participants, but has 1", error.Message);
    }

    [Fact]
    public void Code_selection_and_a_selector_go_together()
    {
        var noSelector = Rejects(() => Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { Selection = SpeakerSelection.Code },
            Participant.Of(Text("Coder")), Participant.Of(Text("Reviewer"))));
        Assert.Equal("DCL0031", noSelector.DiagnosticId);
        Assert.Equal("the group chat Team chooses its speakers by code, but has no [SpeakerSelector] method", noSelector.Message);

        var strayselector = Rejects(() => Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Model, Selector = _ => "Coder" },
            Participant.Of(Text("Coder")), Participant.Of(Text("Reviewer"))));
        Assert.Equal("DCL0031", strayselector.DiagnosticId);
        Assert.Equal("the group chat Team has a [SpeakerSelector] method, but its Selection is Model, not Code", strayselector.Message);
    }

    [Fact]
    public void A_finishing_participant_must_answer_with_the_result_type()
    {
        var error = Rejects(() => Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions(),
            Participant.Of(Text("Clerk")).Finishing(), Participant.Of(new RefundDesk(), "Refunds").Finishing()));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("'Clerk' finishes the group chat Desk, but it does not answer with RefundDecision", error.Message);

        var none = Rejects(() => Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions(),
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds")));
        Assert.Equal("DCL0031", none.DiagnosticId);
        Assert.Equal("the group chat Desk answers with RefundDecision, but none of its participants finishes it with one", none.Message);

        var fine = Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions(),
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds").Finishing());
        Assert.Equal(CompositionKind.GroupChat, fine.Kind);
    }

    [Fact]
    public void A_group_chat_needs_at_least_one_round()
    {
        var error = Rejects(() => Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { MaxRounds = 0 },
            Participant.Of(Text("Coder")), Participant.Of(Text("Reviewer"))));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("the group chat Team must allow at least one round, but MaxRounds is 0", error.Message);
    }

    // ---- hand-off: running ----

    private static AgentRunner Runner(ScriptedChatClient model) => new(new ModelRegistry(model));

    private static Task<ConversationOutcome<TOutput>> Run<TInput, TOutput>(ScriptedChatClient model, Composition<TInput, TOutput> composition, TInput input,
                                                                         int maxInvocations = 20, CancellationToken cancellationToken = default)
        => CompositionRuns.RunAsync(Runner(model), composition, input, null, maxInvocations, cancellationToken);

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

        var outcome = await Run(model, ReturnsDesk(), "My order A17 arrived broken.");

        Assert.Equal(AgentRunStatus.Completed, outcome.Status);
        Assert.Equal(new RefundDecision("A17", true), outcome.Output);
        Assert.Equal("Finished", outcome.Ending);
        Assert.Equal(["Triage", "Refunds"], outcome.Turns.Select(t => t.Participant));
        var handOff = Assert.Single(outcome.HandOffs);
        Assert.Equal(("Triage", "Refunds"), (handOff.From, handOff.To));
        Assert.Contains("order A17 arrived broken", handOff.Payload, StringComparison.Ordinal);

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
    public async Task The_transfer_tool_takes_the_reason_its_schema_asks_for()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "x" }))
            .ThenText("""{"orderId":"A1","approved":false}""");

        await Run(model, ReturnsDesk(), "hi");

        var tool = model.Requests[0].Options!.Tools!.OfType<AIFunctionDeclaration>().Single(t => t.Name == "transfer_to_refunds");
        Assert.Equal("Transfer the conversation to Refunds: Decides refunds.", tool.Description);
        var schema = tool.JsonSchema.GetRawText();
        Assert.Contains("\"required\":[\"reason\"]", schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_payload_is_a_path_addressed_tool_error_the_model_fixes()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { why = 1 }))
            .ThenToolCalls(("transfer_to_refunds", new { reason = "broken item" }))
            .ThenText("""{"orderId":"A17","approved":true}""");

        var outcome = await Run(model, ReturnsDesk(), "refund please");

        Assert.True(outcome.IsCompleted, outcome.Reason);
        var error = model.Requests[1].Messages[^1].Contents.OfType<FunctionResultContent>().Single().Result!.ToString()!;
        Assert.True(error.Contains("$.why", StringComparison.Ordinal), error);
        Assert.Contains("$.reason", error, StringComparison.Ordinal);
        Assert.Single(outcome.HandOffs);
        Assert.Equal(2, outcome.Turns.Count);
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

        var outcome = await Run(model, composition, "where is my parcel");

        Assert.False(outcome.IsCompleted);
        Assert.Equal("MaxHandOffs", outcome.Ending);
        Assert.Equal("Support reached MaxHandOffs (2): 'Orders' tried to hand off to 'Returns'", outcome.Reason);
        Assert.Equal(2, outcome.HandOffs.Count);
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

        var outcome = await Run(model, composition, "where is my parcel");

        Assert.Equal("RepeatedHandOff", outcome.Ending);
        Assert.Equal("'Orders' handed off to 'Returns' again with the same payload, a loop: {\"reason\":\"not mine\"}", outcome.Reason);
        Assert.Equal(2, outcome.HandOffs.Count);
    }

    [Fact]
    public async Task A_participant_that_cannot_finish_is_told_to_transfer_and_the_invocation_limit_bounds_it()
    {
        var model = new ScriptedChatClient().ThenText("I think you should get a refund.").ThenText("Really.").ThenText("Truly.");

        var outcome = await Run(model, ReturnsDesk(), "refund?", maxInvocations: 3);

        Assert.Equal(AgentRunStatus.MaxIterationsReached, outcome.Status);
        Assert.Equal("Returns used all 3 agent invocations without a final answer (last: 'Triage')", outcome.Reason);
        Assert.Contains("cannot give the final answer of Returns. Transfer the conversation with one of: transfer_to_refunds",
            model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_text_result_any_participant_may_finish()
    {
        var composition = Composition.HandOff<string, string>("Support", null, HandOffOptions.Default,
            Participant.Of(Text("Triage")).HandsOffTo("Orders"), Participant.Of(Text("Orders")));
        var model = new ScriptedChatClient().ThenText("Your parcel ships tomorrow.");

        var outcome = await Run(model, composition, "where is my parcel");

        Assert.Equal(AgentRunStatus.Completed, outcome.Status);
        Assert.Equal("Your parcel ships tomorrow.", outcome.Output);
        Assert.Empty(outcome.HandOffs);
    }

    [Fact]
    public async Task A_failed_turn_stops_the_run_with_a_status_naming_the_participant()
    {
        var model = new ScriptedChatClient()
            .ThenToolCalls(("transfer_to_refunds", new { reason = "r" }))
            .ThenText("not json").ThenText("still not").ThenText("nope");

        var outcome = await Run(model, ReturnsDesk(), "refund?");

        Assert.Equal(AgentRunStatus.InvalidOutput, outcome.Status);
        Assert.StartsWith("'Refunds' did not finish its turn: ", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_a_hand_off_run()
    {
        using var cancel = new CancellationTokenSource();
        var model = new ScriptedChatClient()
            .Then((_, _) => { cancel.Cancel(); return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "transfer_to_refunds", new Dictionary<string, object?> { ["reason"] = "r" })])); })
            .ThenText("""{"orderId":"A17","approved":true}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(model, ReturnsDesk(), "refund?", cancellationToken: cancel.Token));
    }

    [Theory]
    [InlineData("Researcher", "transfer_to_researcher")]
    [InlineData("OrdersAgent", "transfer_to_orders_agent")]
    [InlineData("HTTPFetcher", "transfer_to_http_fetcher")]
    [InlineData("returns_desk", "transfer_to_returns_desk")]
    [InlineData("Agent2Go", "transfer_to_agent2_go")]
    public void A_hand_off_tool_is_named_after_its_target_in_snake_case(string participant, string tool)
        => Assert.Equal(tool, HandOffToolSet.ToolName(participant));

    // ---- group chat: running ----

    private static Participant[] Team() => [Participant.Of(Text("Coder", "Write code.")), Participant.Of(Text("Reviewer", "Review code."))];

    [Fact]
    public async Task Round_robin_until_the_termination_phrase_with_a_shared_transcript()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { TerminationPhrase = "approved" }, Team());
        var model = new ScriptedChatClient().ThenText("def add(a, b): return a + b").ThenText("Looks right. APPROVED.");

        var outcome = await Run(model, chat, "Write add.");

        Assert.Equal(AgentRunStatus.Completed, outcome.Status);
        Assert.Equal("TerminationPhrase", outcome.Ending);
        Assert.Equal("Looks right. APPROVED.", outcome.Output);
        Assert.Equal([null, "Coder", "Reviewer"], outcome.Messages.Select(m => m.AuthorName));
        var reviewerSaw = model.Requests[1].Messages;
        Assert.Equal("Review code.", reviewerSaw[0].Text);
        Assert.Equal("Coder: def add(a, b): return a + b", reviewerSaw[^1].Text);
        Assert.Equal(ChatRole.User, reviewerSaw[^1].Role);
    }

    [Fact]
    public async Task MaxRounds_ends_the_chat_and_says_so()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { MaxRounds = 3 }, Team());
        var model = new ScriptedChatClient().ThenText("v1").ThenText("fix it").ThenText("v2");

        var outcome = await Run(model, chat, "Write add.");

        Assert.Equal("MaxRounds", outcome.Ending);
        Assert.Equal("v2", outcome.Output);
        Assert.Equal(["Coder", "Reviewer", "Coder"], outcome.Turns.Select(t => t.Participant));
        var coderAgain = model.Requests[2].Messages;
        Assert.Equal(ChatRole.Assistant, coderAgain[2].Role); // its own earlier message
        Assert.Equal("Reviewer: fix it", coderAgain[3].Text);
    }

    [Fact]
    public async Task A_code_selector_picks_speakers_and_ends_the_chat_with_null()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions
        {
            Selection = SpeakerSelection.Code,
            Selector = state => state.Turn switch { 0 => "Reviewer", 1 => "Reviewer", _ => null },
        }, Team());
        var model = new ScriptedChatClient().ThenText("first").ThenText("second");

        var outcome = await Run(model, chat, "go");

        Assert.Equal("SelectorEnded", outcome.Ending);
        Assert.Equal(["Reviewer", "Reviewer"], outcome.Turns.Select(t => t.Participant));
        Assert.Equal("second", outcome.Output);
    }

    [Fact]
    public async Task A_code_selector_naming_no_participant_is_a_clear_failure()
    {
        var chat = Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Code, Selector = _ => "Tester" }, Team());

        var outcome = await Run(new ScriptedChatClient(), chat, "go");

        Assert.False(outcome.IsCompleted);
        Assert.Equal("the speaker selector of Team chose 'Tester', which is not a participant (participants: Coder, Reviewer)", outcome.Reason);
    }

    [Fact]
    public async Task A_model_selector_is_asked_again_after_an_unknown_name()
    {
        var chat = Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Model, MaxRounds = 1 },
            Participant.Of(Text("Coder"), description: "writes the code"), Participant.Of(Text("Reviewer"), description: "reviews it"));
        var model = new ScriptedChatClient().ThenText("The tester").ThenText("reviewer").ThenText("Reviewed.");

        var outcome = await Run(model, chat, "go");

        Assert.True(outcome.IsCompleted, outcome.Reason);
        Assert.Equal(["Team.selector", "Team.selector", "Reviewer"], outcome.Turns.Select(t => t.Participant));
        Assert.Contains("- Coder: writes the code", model.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("'The tester' is not a participant", model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_selector_that_never_names_a_participant_fails_after_a_bounded_number_of_tries()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { Selection = SpeakerSelection.Model }, Team());
        var model = new ScriptedChatClient().ThenText("Alice").ThenText("Bob").ThenText("Carol");

        var outcome = await Run(model, chat, "go");

        Assert.False(outcome.IsCompleted);
        Assert.Equal("SelectionFailed", outcome.Ending);
        Assert.Equal("the speaker selector of Team named no participant after 3 attempts (last answer: 'Carol')", outcome.Reason);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task The_judge_ends_the_chat_when_every_criterion_passes()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { Judge = new TeamJudge() }, Team());
        var model = new ScriptedChatClient()
            .ThenText("v1")
            .ThenJson(new { items = new[] { new { criterion = "has tests", passed = false, reason = "none" } } })
            .ThenText("add tests")
            .ThenJson(new { items = new[] { new { criterion = "has tests", passed = true, reason = "ok" } } });

        var outcome = await Run(model, chat, "go");

        Assert.Equal("Judge", outcome.Ending);
        Assert.Equal("add tests", outcome.Output);
        Assert.Equal(["Coder", "TeamJudge", "Reviewer", "TeamJudge"], outcome.Turns.Select(t => t.Participant));
        Assert.Equal("Coder: v1", model.Requests[1].Messages[2].Text);
    }

    [Fact]
    public async Task A_finishing_participants_valid_typed_answer_is_the_result()
    {
        var chat = Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions(),
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds").Finishing());
        var model = new ScriptedChatClient()
            .ThenText("Order A17, broken on arrival.")
            .ThenText("{\"orderId\":\"A17\"}")
            .ThenText("""{"orderId":"A17","approved":true}""");

        var outcome = await Run(model, chat, "refund?");

        Assert.Equal("Finished", outcome.Ending);
        Assert.Equal(new RefundDecision("A17", true), outcome.Output);
        Assert.Contains("$.approved", model.Requests[2].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_chat_that_runs_out_of_rounds_has_no_result_and_says_why()
    {
        var chat = Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions { MaxRounds = 1 },
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds").Finishing());

        var outcome = await Run(new ScriptedChatClient().ThenText("hmm"), chat, "refund?");

        Assert.Equal(AgentRunStatus.MaxIterationsReached, outcome.Status);
        Assert.Equal("Desk ended after MaxRounds (1) without a finishing answer", outcome.Reason);
        Assert.Null(outcome.Output);
    }
}
