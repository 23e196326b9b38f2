using Declarative.Orchestration;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

// The group-chat half of HandOffAndGroupChatTests: its build-time rules and its runs.
public sealed partial class HandOffAndGroupChatTests
{
    // ---- group chat: the build-time rules ----

    [Fact]
    public void A_group_chat_needs_two_participants()
    {
        var error = Rejects(() => Composition.GroupChat<string, string>("Team", null, new GroupChatOptions(), Participant.Of(Text("Coder"))));
        Assert.Equal("DCL0031", error.DiagnosticId);
        Assert.Equal("Team has 1 participant; a group chat composition needs at least 2 participants", error.Message);
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

    // ---- group chat: running ----

    private static Participant[] Team() => [Participant.Of(Text("Coder", "Write code.")), Participant.Of(Text("Reviewer", "Review code."))];

    [Fact]
    public async Task Round_robin_until_the_termination_phrase_with_a_shared_transcript()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { TerminationPhrase = "approved" }, Team());
        var model = new ScriptedChatClient().ThenText("def add(a, b): return a + b").ThenText("Looks right. APPROVED.");

        var result = await Run(model, chat, "Write add.");

        Assert.Equal(CompositionRunStatus.Completed, result.Status);
        Assert.Equal(GroupChatEnding.TerminationPhrase, result.Ending);
        Assert.Equal("Looks right. APPROVED.", result.Output);
        Assert.Equal(["Coder", "Reviewer"], Invoked(result.Trace));
        var reviewerSaw = model.Requests[1].Messages;
        Assert.Equal("Review code.", reviewerSaw[0].Text);
        Assert.Equal("Write add.", reviewerSaw[1].Text);
        Assert.Equal("Coder: def add(a, b): return a + b", reviewerSaw[^1].Text);
        Assert.Equal("Coder", reviewerSaw[^1].AuthorName);
        Assert.Equal(ChatRole.User, reviewerSaw[^1].Role);
    }

    [Fact]
    public async Task MaxRounds_ends_the_chat_and_says_so()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { MaxRounds = 3 }, Team());
        var model = new ScriptedChatClient().ThenText("v1").ThenText("fix it").ThenText("v2");

        var result = await Run(model, chat, "Write add.");

        Assert.Equal(GroupChatEnding.MaxRounds, result.Ending);
        Assert.Equal("v2", result.Output);
        Assert.Equal(["Coder", "Reviewer", "Coder"], Invoked(result.Trace));
        var coderAgain = model.Requests[2].Messages;
        Assert.Equal(ChatRole.Assistant, coderAgain[2].Role); // its own earlier message
        Assert.Equal("Reviewer: fix it", coderAgain[3].Text);
    }

    [Fact]
    public async Task A_code_selector_picks_speakers_and_ends_the_chat_with_null()
    {
        var seen = new List<(int Turn, string? Last)>();
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions
        {
            Selection = SpeakerSelection.Code,
            Selector = state =>
            {
                seen.Add((state.Turn, state.LastSpeaker));
                return state.Turn < 2 ? "Reviewer" : null;
            },
        }, Team());
        var model = new ScriptedChatClient().ThenText("first").ThenText("second");

        var result = await Run(model, chat, "go");

        Assert.Equal(GroupChatEnding.SelectorEnded, result.Ending);
        Assert.Equal(["Reviewer", "Reviewer"], Invoked(result.Trace));
        Assert.Equal("second", result.Output);
        Assert.Equal([(0, null), (1, "Reviewer"), (2, "Reviewer")], seen);
    }

    [Fact]
    public async Task A_code_selector_naming_no_participant_is_a_clear_failure()
    {
        var chat = Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Code, Selector = _ => "Tester" }, Team());

        var result = await Run(new ScriptedChatClient(), chat, "go");

        Assert.Equal(CompositionRunStatus.SpeakerSelectionFailed, result.Status);
        Assert.Equal("the speaker selector of Team chose 'Tester', which is not a participant (participants: Coder, Reviewer)", result.Reason);
    }

    [Fact]
    public async Task A_model_selector_is_asked_again_after_an_unknown_name()
    {
        var chat = Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Model, MaxRounds = 1 },
            Participant.Of(Text("Coder"), description: "writes the code"), Participant.Of(Text("Reviewer"), description: "reviews it"));
        var model = new ScriptedChatClient().ThenText("The tester").ThenText("reviewer").ThenText("Reviewed.");

        var result = await Run(model, chat, "go");

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(["Team.selector", "Team.selector", "Reviewer"], Invoked(result.Trace));
        Assert.Contains("- Coder: writes the code", model.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("'The tester' is not a participant", model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Reviewed.", result.Output);
    }

    [Fact]
    public async Task A_model_selector_that_never_names_a_participant_fails_after_a_bounded_number_of_tries()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions { Selection = SpeakerSelection.Model }, Team());
        var model = new ScriptedChatClient().ThenText("Alice").ThenText("Bob").ThenText("Carol");

        var result = await Run(model, chat, "go");

        Assert.Equal(CompositionRunStatus.SpeakerSelectionFailed, result.Status);
        Assert.Equal("the speaker selector of Team named no participant after 3 attempts (last answer: 'Carol')", result.Reason);
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

        var result = await Run(model, chat, "go");

        Assert.Equal(GroupChatEnding.Judge, result.Ending);
        Assert.Equal("add tests", result.Output);
        Assert.Equal(["Coder", "TeamJudge", "Reviewer", "TeamJudge"], Invoked(result.Trace));
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

        var result = await Run(model, chat, "refund?");

        Assert.Equal(GroupChatEnding.Finished, result.Ending);
        Assert.Equal(new RefundDecision("A17", true), result.Output);
        Assert.Contains("$.approved", model.Requests[2].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_chat_that_runs_out_of_rounds_has_no_result_and_says_why()
    {
        var chat = Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions { MaxRounds = 1 },
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds").Finishing());

        var result = await Run(new ScriptedChatClient().ThenText("hmm"), chat, "refund?");

        Assert.Equal(CompositionRunStatus.RoundLimitReached, result.Status);
        Assert.Equal(GroupChatEnding.MaxRounds, result.Ending);
        Assert.Equal("Desk ended after MaxRounds (1) without a finishing answer", result.Reason);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task A_typed_chat_ended_by_its_phrase_before_a_finishing_answer_has_no_result()
    {
        var chat = Composition.GroupChat<string, RefundDecision>("Desk", null, new GroupChatOptions { TerminationPhrase = "goodbye" },
            Participant.Of(Text("Clerk")), Participant.Of(new RefundDesk(), "Refunds").Finishing());

        var result = await Run(new ScriptedChatClient().ThenText("Goodbye then."), chat, "refund?");

        Assert.Equal(CompositionRunStatus.EndedWithoutResult, result.Status);
        Assert.Equal(GroupChatEnding.TerminationPhrase, result.Ending);
    }

    [Fact]
    public async Task A_failed_speaker_stops_the_chat_naming_it()
    {
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions(), Team());
        var model = new ScriptedChatClient().ThenText("v1").ThenThrow(new InvalidOperationException("provider down"));

        var result = await Run(model, chat, "go");

        Assert.Equal(CompositionRunStatus.AgentFailed, result.Status);
        Assert.Equal("Reviewer", result.FailedAgent);
        Assert.Equal(AgentRunStatus.ModelError, result.FailedAgentStatus);
        Assert.StartsWith("round 2 of Team: 'Reviewer' ended with ModelError", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_selector_that_throws_is_a_clear_failure()
    {
        var chat = Composition.GroupChat<string, string>("Team", null,
            new GroupChatOptions { Selection = SpeakerSelection.Code, Selector = _ => throw new InvalidOperationException("no idea") }, Team());

        var result = await Run(new ScriptedChatClient(), chat, "go");

        Assert.Equal(CompositionRunStatus.SpeakerSelectionFailed, result.Status);
        Assert.Equal("the speaker selector of Team threw in round 1: no idea", result.Reason);
    }

    [Fact]
    public async Task Cancellation_stops_a_group_chat()
    {
        using var cancel = new CancellationTokenSource();
        var chat = Composition.GroupChat<string, string>("Team", null, new GroupChatOptions(), Team());
        var model = new ScriptedChatClient()
            .Then((_, _) =>
            {
                cancel.Cancel();
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "v1"));
            })
            .ThenText("never");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(model, chat, "go", cancellationToken: cancel.Token));
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_typed_opening_is_rendered_by_the_participant_that_takes_it()
    {
        var chat = Composition.GroupChat<RefundRequest, RefundDecision>("Desk", null, new GroupChatOptions(),
            Participant.Of(Text("Clerk")), Participant.Of(new TypedRefundDesk(), "Refunds").Finishing());
        var model = new ScriptedChatClient().ThenText("Checking.").ThenText("""{"orderId":"C3","approved":true}""");

        var result = await Run(model, chat, new RefundRequest("C3"));

        Assert.Equal(new RefundDecision("C3", true), result.Output);
        Assert.Equal("Refund request for order C3.", model.Requests[0].Messages[^1].Text);
    }
}
