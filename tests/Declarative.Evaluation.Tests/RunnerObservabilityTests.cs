using System.Collections.Concurrent;
using System.Diagnostics;
using Declarative.Orchestration;
using Declarative.Reflection;
using Declarative.Testing;

namespace Declarative.Evaluation.Tests;

public sealed class RunnerObservabilityTests
{
    private static EvalDataset<string, string> Two() => EvalDataset<string, string>.Parse("""
        {"id": "a", "input": "x"}
        {"id": "b", "input": "y"}
        """, CaseReader.Text, "two");

    [Fact]
    public async Task Progress_is_reported_once_per_graded_run()
    {
        var reports = new ConcurrentQueue<EvalProgress>();
        var runner = new EvalRunner(info => new ScriptedChatClient().ThenText(info.CaseId == "b" ? "no" : "yes"),
            new EvalOptions { Repetitions = 2, Progress = new Collect(reports) });
        await runner.RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), Two(),
            [Grader.Create<string, string>("yes", (_, run) => run.Text == "yes" ? CheckResult.Pass() : CheckResult.Fail("said no"))]);

        Assert.Equal(4, reports.Count);
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal(4, r.Total));
        Assert.Equal(2, reports.Count(r => r.CaseId == "b" && !r.Passed && r.FailedComponent == Components.Answer));
    }

    [Fact]
    public async Task The_eval_and_each_run_are_spans_with_the_agents_spans_under_them()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeclarativeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var runner = new EvalRunner(info => new ScriptedChatClient().ThenText(info.CaseId == "b" ? "no" : "yes"), new EvalOptions { Name = "traced", MaxParallelism = 1 });
        await runner.RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), Two(),
            [Grader.Create<string, string>("yes", (_, run) => run.Text == "yes" ? CheckResult.Pass() : CheckResult.Fail("said no"))]);

        var eval = Assert.Single(spans, s => s.OperationName == "evaluate traced");
        Assert.Equal(1, eval.GetTagItem(EvalTags.PassedRuns));
        Assert.Equal("two", eval.GetTagItem(EvalTags.Dataset));
        var cases = spans.Where(s => s.OperationName.StartsWith("evaluate case ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal(eval.SpanId, c.ParentSpanId));
        var failed = Assert.Single(cases, c => (string?)c.GetTagItem(EvalTags.CaseId) == "b");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(Components.Answer, failed.GetTagItem(EvalTags.FailedComponent));
        // The agent's own spans are children of their case's span.
        var caseSpans = cases.Select(c => c.SpanId).ToHashSet();
        Assert.Contains(spans, s => !s.OperationName.StartsWith("evaluate", StringComparison.Ordinal) && caseSpans.Contains(s.ParentSpanId));
    }

    [Fact]
    public async Task A_composition_is_a_target_and_its_stages_are_components()
    {
        var first = Agent.Create("Drafter", "Draft it.");
        var second = Agent.Create("Editor", "Edit it.");
        var pipeline = Composition.Sequential<string, string>("Pipeline", null, Participant.Of(first), Participant.Of(second));
        var script = new ScriptedChatClient().ThenText("a draft").ThenText("an edited draft");
        var result = await new EvalRunner(script).RunAsync(EvalTarget.Composition(pipeline), EvalDataset<string, string>.Parse("""{"id": "c", "input": "write"}""", CaseReader.Text),
        [
            Graders.ForAgent<string, string>("Drafter", (_, inv) => inv.Text == "a draft" ? CheckResult.Pass() : CheckResult.Fail("no draft")),
            Graders.ForAgent<string, string>("Editor", (_, inv) => inv.Text!.Contains("final", StringComparison.Ordinal) ? CheckResult.Pass() : CheckResult.Fail("not final")),
        ]);
        Assert.Equal("Pipeline", result.Target);
        var run = result.Cases[0].Runs[0];
        Assert.Equal("an edited draft", run.Text);
        Assert.Equal("agent:Editor", run.FailedComponent);
        Assert.Contains(result.Costs, c => c.Component == "agent:Drafter" && c.Steps == 1);
        Assert.Contains(result.Costs, c => c.Component == "agent:Editor" && c.Graded == 1 && c.Failed == 1);
    }

    private sealed class Collect(ConcurrentQueue<EvalProgress> reports) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => reports.Enqueue(value);
    }
}
