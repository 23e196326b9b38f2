using System.Diagnostics;
using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Declarative.Agents.Tests;

public sealed record Blurb(string Headline, string Body);

[Agent("Write a product blurb as JSON.", Model = "small", OutputType = typeof(Blurb))]
public sealed partial class BlurbWriter
{
    /// <summary>The checks the tests give the writer.</summary>
    public List<OutputCheck<Blurb>> TestChecks { get; } = [];

    /// <summary>The critic the tests give the writer.</summary>
    public IAgent<RubricVerdict>? TestCritic { get; init; }
}

// Written by hand here; the generator writes this part for [Check] methods and a [Critic] member.
public sealed partial class BlurbWriter : IReflectiveAgent<Blurb>
{
    IReadOnlyList<OutputCheck<Blurb>> IReflectiveAgent<Blurb>.Checks => TestChecks;

    IAgent<RubricVerdict>? IReflectiveAgent<Blurb>.Critic => TestCritic;
}

[Agent("Judge a blurb: is the headline catchy, does the body name the price?", Model = "small", OutputType = typeof(RubricVerdict))]
public sealed partial class BlurbCritic;

/// <summary>The reflection loop through its public API, with scripted models.</summary>
public sealed class ReflectionTests
{
    private static readonly OutputCheck<Blurb> ShortHeadline = OutputCheck<Blurb>.Create("short_headline", b => b.Headline.Length <= 20
        ? CheckResult.Pass()
        : CheckResult.Fail("The headline is over 20 characters.", new ToolError("$.headline", $"{b.Headline.Length} characters")));

    private static readonly OutputCheck<Blurb> NamesPrice = OutputCheck<Blurb>.Create("names_price", b => b.Body.Contains('$')
        ? CheckResult.Pass()
        : CheckResult.Fail("The body must name the price."));

    private static object Draft(string headline, string body) => new { headline, body };

    private static object Verdict(params (string Criterion, bool Passed, string Reason)[] items)
        => new { items = items.Select(i => new { criterion = i.Criterion, passed = i.Passed, reason = i.Reason }).ToArray() };

    private static ReflectionRunner Runner(ScriptedChatClient model, ReflectionOptions? options = null) => new(new ModelRegistry(model), options);

    [Fact]
    public async Task A_draft_that_passes_everything_is_accepted_in_round_one()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("Sunny days", "Round frames, $59."))
            .ThenJson(Verdict(("catchy headline", true, "yes")));
        var writer = new BlurbWriter { TestChecks = { ShortHeadline, NamesPrice }, TestCritic = new BlurbCritic() };

        var result = await Runner(model).RunAsync(writer, "Write a blurb for the round sunglasses.");

        Assert.Equal(ReflectionStatus.Accepted, result.Status);
        Assert.Equal("Sunny days", result.Value!.Headline);
        var round = Assert.Single(result.Rounds);
        Assert.True(round.Accepted);
        Assert.All(round.Checks, c => Assert.True(c.Result.IsPassed));
        Assert.True(round.Verdict!.AllPassed);
        model.AssertScriptCompleted();
        // One trace for the loop: the writer's model call and its schema check, two checks, the critic's
        // model call and its schema check, the round's end.
        Assert.Equal(["ModelCallStep", "OutputValidationStep", "CheckStep", "CheckStep", "ModelCallStep", "OutputValidationStep", "ReflectionRoundStep"],
            result.Trace.Steps.Select(s => s.GetType().Name));
        Assert.Equal(Enumerable.Range(0, 7), result.Trace.Steps.Select(s => s.Index));
        Assert.Equal(AgentRunStatus.Completed, result.Trace.Status);
    }

    [Fact]
    public async Task Failures_go_back_as_one_revision_request_with_paths_and_the_revision_is_accepted()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("The most wonderful sunglasses ever", "Round frames."))
            .ThenJson(Verdict(("catchy headline", false, "too long to read at a glance")))
            .ThenJson(Draft("Sunny days", "Round frames, $59."))
            .ThenJson(Verdict(("catchy headline", true, "better")));
        var writer = new BlurbWriter { TestChecks = { ShortHeadline, NamesPrice }, TestCritic = new BlurbCritic() };

        var result = await Runner(model).RunAsync(writer, "Write a blurb.");

        Assert.Equal(ReflectionStatus.Accepted, result.Status);
        Assert.Equal(2, result.Rounds.Count);
        var first = result.Rounds[0];
        Assert.False(first.Accepted);
        Assert.Equal(["short_headline", "names_price"], first.Checks.Where(c => !c.Result.IsPassed).Select(c => c.Name));
        // The revision request the writer got: every failed check with its paths, every failed criterion with its reason.
        var revision = model.Requests[2].Messages[^1].Text;
        Assert.Equal(first.Feedback, revision);
        Assert.Contains("short_headline: The headline is over 20 characters.", revision, StringComparison.Ordinal);
        Assert.Contains("$.headline: 34 characters", revision, StringComparison.Ordinal);
        Assert.Contains("names_price: The body must name the price.", revision, StringComparison.Ordinal);
        Assert.Contains("catchy headline: too long to read at a glance", revision, StringComparison.Ordinal);
        // The writer saw its own first draft before the request: one conversation across rounds.
        Assert.Contains(model.Requests[2].Messages, m => m.Role == ChatRole.Assistant && m.Text.Contains("most wonderful", StringComparison.Ordinal));
        // The critic saw the task, the candidate and the check results.
        var shown = model.Requests[1].Messages[^1].Text;
        Assert.Contains("Write a blurb.", shown, StringComparison.Ordinal);
        Assert.Contains("The most wonderful sunglasses ever", shown, StringComparison.Ordinal);
        Assert.Contains("short_headline: failed: The headline is over 20 characters.", shown, StringComparison.Ordinal);
        var ends = result.Trace.Steps.OfType<ReflectionRoundStep>().ToList();
        Assert.Equal([false, true], ends.Select(e => e.Accepted));
        Assert.Equal(["catchy headline"], ends[0].FailedCriteria);
    }

    [Fact]
    public async Task The_round_limit_ends_the_loop_with_every_version_kept()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("A very long headline indeed", "No price."))
            .ThenJson(Draft("Another long headline here", "Price: $5"));
        var writer = new BlurbWriter { TestChecks = { ShortHeadline, NamesPrice } };

        var result = await Runner(model, new ReflectionOptions { MaxRounds = 2 }).RunAsync(writer, "go");

        Assert.Equal(ReflectionStatus.RoundLimitReached, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(["A very long headline indeed", "Another long headline here"], result.Rounds.Select(r => r.Candidate!.Headline));
        Assert.NotNull(result.Rounds[0].Feedback);
        Assert.Null(result.Rounds[1].Feedback);
        Assert.Contains("no candidate passed in 2 rounds", result.Reason, StringComparison.Ordinal);
        Assert.Contains("short_headline", result.Reason, StringComparison.Ordinal);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task The_same_failures_twice_stop_the_loop_as_no_improvement()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("A very long headline indeed", "$1"))
            .ThenJson(Draft("Still a very long headline", "$1"));
        var writer = new BlurbWriter { TestChecks = { ShortHeadline, NamesPrice } };

        var result = await Runner(model, new ReflectionOptions { MaxRounds = 5 }).RunAsync(writer, "go");

        Assert.Equal(ReflectionStatus.NoImprovement, result.Status);
        Assert.Equal(2, result.Rounds.Count);
        Assert.Contains("2 rounds in a row failed the same way", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_budget_covers_producer_and_critic_together()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("Long long long headline", "$1")).WithUsage(40, 10)
            .ThenJson(Verdict(("catchy headline", false, "no"))).WithUsage(40, 10)
            .ThenJson(Draft("Short", "$1")).WithUsage(40, 10);
        var writer = new BlurbWriter { TestChecks = { ShortHeadline }, TestCritic = new BlurbCritic() };

        var result = await Runner(model, new ReflectionOptions { Budget = new UsageBudget { MaxTotalTokens = 90 } }).RunAsync(writer, "go");

        // 50 (writer) + 50 (critic) = 100 tokens: over 90 after the critic's call, though neither run alone was.
        Assert.Equal(ReflectionStatus.BudgetExceeded, result.Status);
        var kept = Assert.Single(result.Rounds);
        Assert.Equal("Long long long headline", kept.Candidate!.Headline);
        Assert.Null(kept.Verdict);
        Assert.Equal(100, result.Trace.Usage.TotalTokens);
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task A_check_that_throws_is_a_failed_check_and_the_loop_goes_on()
    {
        var broken = OutputCheck<Blurb>.Create("broken", b => b.Body.Length > 100 ? CheckResult.Pass() : throw new InvalidOperationException("database down"));
        var flaky = new OutputCheck<Blurb>("async_ok", async (b, ct) => { await Task.Yield(); return CheckResult.Pass(); });
        var model = new ScriptedChatClient()
            .ThenJson(Draft("Short", "$1"))
            .ThenJson(Draft("Short", new string('x', 120)));
        var writer = new BlurbWriter { TestChecks = { broken, flaky } };

        var result = await Runner(model).RunAsync(writer, "go");

        Assert.Equal(ReflectionStatus.Accepted, result.Status);
        var failed = Assert.Single(result.Rounds[0].Checks, c => !c.Result.IsPassed);
        Assert.Equal("the check 'broken' threw InvalidOperationException: database down", failed.Result.Feedback);
        Assert.Contains("database down", model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_critic_answering_invalid_json_is_sent_back_with_paths_and_then_the_loop_ends_critic_failed()
    {
        var model = new ScriptedChatClient()
            .ThenJson(Draft("Short", "$1"))
            .ThenJson(new { items = new[] { new { criterion = "x", passed = "yes" } } })
            .ThenJson(new { verdict = "fine" });
        var writer = new BlurbWriter { TestChecks = { ShortHeadline }, TestCritic = new BlurbCritic() };

        var result = await Runner(model, new ReflectionOptions { Run = new AgentRunOptions { MaxOutputRetries = 1 } }).RunAsync(writer, "go");

        Assert.Equal(ReflectionStatus.CriticFailed, result.Status);
        Assert.Contains("InvalidOutput", result.Reason, StringComparison.Ordinal);
        // The critic was told exactly what was wrong, by path.
        var correction = model.Requests[2].Messages[^1].Text;
        Assert.Contains("$.items[0].passed", correction, StringComparison.Ordinal);
        model.AssertScriptCompleted();
    }

    [Fact]
    public async Task A_reviewer_is_the_human_critic_contract()
    {
        var model = new ScriptedChatClient().ThenJson(Draft("Short", "$1")).ThenJson(Draft("Short", "$1, today only"));
        ReviewRequest? seen = null;
        var reviewer = new DelegateReviewHandler((request, _) =>
        {
            seen = request;
            var urgent = request.Candidate.Contains("today", StringComparison.Ordinal);
            return ValueTask.FromResult(new RubricVerdict { Items = [new RubricItem { Criterion = "creates urgency", Passed = urgent, Reason = urgent ? null : "say it ends soon" }] });
        });
        var writer = new BlurbWriter { TestChecks = { ShortHeadline } };

        var result = await Runner(model, new ReflectionOptions { Reviewer = reviewer }).RunAsync(writer, "go");

        Assert.Equal(ReflectionStatus.Accepted, result.Status);
        Assert.Equal(2, seen!.Round);
        Assert.Equal("short_headline", Assert.Single(seen.Checks).Name);
        Assert.Contains("creates urgency: say it ends soon", result.Rounds[0].Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_mid_round_throws()
    {
        using var cancel = new CancellationTokenSource();
        var slow = new OutputCheck<Blurb>("slow", async (b, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return CheckResult.Pass();
        });
        var model = new ScriptedChatClient().ThenJson(Draft("Short", "$1"));
        var writer = new BlurbWriter { TestChecks = { slow } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner(model).RunAsync(writer, "go", cancel.Token));
    }

    [Fact]
    public async Task A_round_is_one_reflect_span_under_the_loops_invoke_agent_span()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) { stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var mine = new Activity("this test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        var model = new ScriptedChatClient().ThenJson(Draft("A very long headline indeed", "$1")).ThenJson(Draft("Short", "$1"));

        var result = await Runner(model).RunAsync(new BlurbWriter { TestChecks = { ShortHeadline, NamesPrice } }, "go");
        mine.Stop();

        Assert.Equal(ReflectionStatus.Accepted, result.Status);
        List<Activity> spans;
        lock (stopped)
        {
            spans = stopped.Where(a => a.TraceId == mine.TraceId).ToList();
        }
        var loop = Assert.Single(spans, a => a.DisplayName == "invoke_agent BlurbWriter" && a.ParentSpanId == mine.SpanId);
        var rounds = spans.Where(a => a.DisplayName == "reflect BlurbWriter").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds, r => Assert.Equal(loop.SpanId, r.ParentSpanId));
        Assert.Equal([1, 2], rounds.Select(r => (int)r.GetTagItem("declarative.reflection.round")!));
        Assert.Equal([1, 0], rounds.Select(r => (int)r.GetTagItem("declarative.reflection.failed")!));
        Assert.Equal([1, 2], rounds.Select(r => (int)r.GetTagItem("declarative.reflection.passed")!));
        // The producer's own run is under its round.
        Assert.Contains(spans, a => a.DisplayName == "invoke_agent BlurbWriter" && a.ParentSpanId == rounds[0].SpanId);
    }
}
