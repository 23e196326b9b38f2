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
}
