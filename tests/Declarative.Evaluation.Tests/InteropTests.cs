using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Declarative.Evaluation.Tests;

public sealed class InteropTests
{
    private static readonly QuoteAgent Agent = new(new Shop());

    private static EvalDataset<QuoteRequest, Quote> OneQuote() => EvalDataset<QuoteRequest, Quote>.Parse(
        """{"id": "one", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}, "expected": {"total": 5.0, "currency": "EUR"}}""",
        CaseReader.For(Agent), "quotes");

    private static async Task<GradingContext<QuoteRequest, Quote>> QuoteRunAsync(decimal total, IChatClient? judge = null)
    {
        var evalCase = OneQuote()[0];
        var run = await EvalTarget.Agent(Agent).RunAsync(evalCase.Input,
            new EvalTargetContext { CaseId = evalCase.Id, Repetition = 1, ChatClient = Scripts.Quote(total, "A-1") }, CancellationToken.None);
        return new GradingContext<QuoteRequest, Quote> { Case = evalCase, Run = run, Repetition = 1, ChatClient = judge ?? new ScriptedChatClient(), Prices = Scripts.Prices };
    }

    private static GradingContext<string, string> TextRun(string answer, IChatClient? judge = null) => new()
    {
        Case = new EvalCase<string, string> { Id = "hello", Input = "Say hello", InputJson = "\"Say hello\"" },
        Run = new EvalRun<string> { Trace = new RunTrace { AgentName = "HelpAgent" }, Completed = true, Status = "Completed", Output = answer, Text = answer },
        Repetition = 1,
        ChatClient = judge ?? new ScriptedChatClient(),
        Prices = Scripts.Prices,
    };

    [Fact]
    public async Task An_evaluator_sees_the_request_and_the_run_rebuilt_from_the_trace()
    {
        var evaluator = new CalledToolEvaluator("get_price");
        var context = await QuoteRunAsync(5.0m);

        var grade = Assert.Single(await EvaluatorGrader.Create<QuoteRequest, Quote>(evaluator,
            additionalContext: _ => [new PriceListContext("A-1: 2.50")]).GradeAsync(context, CancellationToken.None));

        Assert.True(grade.Passed, grade.Reason);
        Assert.Equal(("CalledToolEvaluator", Components.Answer), (grade.Grader, grade.Component));
        Assert.Equal(1.0, grade.Metrics["called get_price"]);
        var request = Assert.Single(evaluator.SeenMessages);
        Assert.Equal(ChatRole.User, request.Role);
        Assert.Contains("\"sku\": \"A-1\"", request.Text, StringComparison.Ordinal);
        var response = evaluator.SeenResponse!;
        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], response.Messages.Select(m => m.Role));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("get_price", call.Name);
        Assert.Equal("\"A-1\"", call.Arguments!["sku"]!.ToString() is { } sku ? "\"" + sku + "\"" : null);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(response.Messages[1].Contents));
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal("2.50", result.Result?.ToString());
        Assert.Equal(context.Run.Text, response.Messages[2].Text);
        Assert.Equal(context.Run.Trace.Usage.TotalTokens, response.Usage!.TotalTokenCount);
        var ours = Assert.Single(evaluator.SeenContext.OfType<EvalRunContext<QuoteRequest, Quote>>());
        Assert.Same(context.Run, ours.Run);
        Assert.Single(evaluator.SeenContext.OfType<PriceListContext>());
    }

    [Fact]
    public async Task A_failed_interpretation_fails_the_grade_with_its_reason_and_values_become_metrics()
    {
        var grader = EvaluatorGrader.Create<string, string>(new WordCountEvaluator(max: 3), "brevity");

        var shortGrade = Assert.Single(await grader.GradeAsync(TextRun("Hello there!"), CancellationToken.None));
        var longGrade = Assert.Single(await grader.GradeAsync(TextRun("Hello there, how are you today?"), CancellationToken.None));

        Assert.True(shortGrade.Passed);
        Assert.Null(shortGrade.Reason);
        Assert.Equal(2.0, shortGrade.Metrics[WordCountEvaluator.MetricName]);
        Assert.False(longGrade.Passed);
        Assert.Equal("brevity", longGrade.Grader);
        Assert.Equal("words: 6 words, over 3", longGrade.Reason);
        Assert.Equal(6.0, longGrade.Metrics[WordCountEvaluator.MetricName]);
        var criterion = Assert.Single(longGrade.Criteria);
        Assert.Equal(("words", false), (criterion.Criterion, criterion.Passed));
        Assert.Null(longGrade.JudgeUsage); // no model was called
    }

    [Fact]
    public async Task An_llm_evaluator_uses_the_harness_client_and_its_spending_is_the_judges()
    {
        var judge = new ScriptedChatClient { ModelId = "m" }.ThenText("yes").WithUsage(30, 1);

        var grade = Assert.Single(await EvaluatorGrader.Create<string, string>(new PolitenessEvaluator()).GradeAsync(TextRun("Hello, dear customer.", judge), CancellationToken.None));

        Assert.True(grade.Passed, grade.Reason);
        Assert.Contains("Hello, dear customer.", judge.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(new UsageTotals { InputTokens = 30, OutputTokens = 1 }, grade.JudgeUsage);
        Assert.Equal(30m / 1_000_000 + 2m / 1_000_000, grade.JudgeCost);
    }

    [Fact]
    public async Task A_streaming_evaluators_spending_is_counted_too()
    {
        var judge = new ScriptedChatClient { ModelId = "m" }.ThenText("no, not at all").WithUsage(25, 4);

        var grade = Assert.Single(await EvaluatorGrader.Create<string, string>(new PolitenessEvaluator(streaming: true)).GradeAsync(TextRun("Go away.", judge), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal("polite: the judge model found it rude", grade.Reason);
        Assert.Equal(new UsageTotals { InputTokens = 25, OutputTokens = 4 }, grade.JudgeUsage);
        Assert.Equal(25m / 1_000_000 + 8m / 1_000_000, grade.JudgeCost);
        Assert.True(judge.Requests[0].IsStreaming);
    }

    [Theory]
    [InlineData("throw", "the evaluator BrokenEvaluator threw InvalidOperationException: could not parse the judge's answer")]
    [InlineData("diagnostic", "broken: error: the model's score was not a number")]
    [InlineData("empty", "the evaluator returned no metrics")]
    public async Task An_evaluator_that_cannot_evaluate_fails_the_grade_not_the_eval(string how, string reason)
    {
        var grade = Assert.Single(await EvaluatorGrader.Create<string, string>(new BrokenEvaluator(how)).GradeAsync(TextRun("Hello"), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal(reason, grade.Reason);
    }

    [Fact]
    public async Task Meai_composite_evaluator_runs_as_one_grader()
    {
        var composite = new CompositeEvaluator(new WordCountEvaluator(max: 10), new CalledToolEvaluator("get_price"));

        var grade = Assert.Single(await EvaluatorGrader.Create<QuoteRequest, Quote>(composite, "composite").GradeAsync(await QuoteRunAsync(5.0m), CancellationToken.None));

        Assert.True(grade.Passed, grade.Reason);
        Assert.Equal(["called get_price", "words"], grade.Metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_evaluator_grades_every_run_of_an_eval()
    {
        var dataset = EvalDataset<string, string>.Parse("""
            {"id": "short", "input": "greet"}
            {"id": "long", "input": "greet at length"}
            """, CaseReader.Text);
        var client = new ScriptedChatClient()
            .Then((messages, _) => Scripts.Text(messages[^1].Text.Contains("length", StringComparison.Ordinal) ? "Hello there, a very warm welcome to you" : "Hello"))
            .Then((messages, _) => Scripts.Text(messages[^1].Text.Contains("length", StringComparison.Ordinal) ? "Hello there, a very warm welcome to you" : "Hello"));

        var result = await new EvalRunner(client, new EvalOptions { MaxParallelism = 1 })
            .RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), dataset, [EvaluatorGrader.Create<string, string>(new WordCountEvaluator(max: 3), "brevity")]);

        Assert.True(result.Cases[0].IsPassed);
        Assert.False(result.Cases[1].IsPassed);
        Assert.Equal("words: 8 words, over 3", result.Cases[1].Runs[0].Grades[0].Reason);
    }

    [Fact]
    public async Task Our_graders_run_as_an_evaluator_one_boolean_metric_per_grade()
    {
        var evaluator = new GraderEvaluator<QuoteRequest, Quote>(
            Graders.JsonPathEquals<QuoteRequest, Quote>("$.total"),
            Graders.Completed<QuoteRequest, Quote>());
        var context = await QuoteRunAsync(4.0m);

        var result = await evaluator.EvaluateAsync([], new ChatResponse(), additionalContext: [new EvalRunContext<QuoteRequest, Quote>(context.Case, context.Run)]);

        Assert.Equal(["json_path_equals $.total", "completed"], evaluator.EvaluationMetricNames);
        Assert.Equal(2, result.Metrics.Count);
        var total = result.Get<BooleanMetric>(evaluator.EvaluationMetricNames.First());
        Assert.False(total.Value);
        Assert.True(total.Interpretation!.Failed);
        Assert.Equal(EvaluationRating.Unacceptable, total.Interpretation.Rating);
        Assert.Equal("$.total is 4.0, expected 5.0", total.Reason);
        Assert.Equal(Components.Answer, total.Metadata![EvaluationResults.ComponentKey]);
        var completed = result.Get<BooleanMetric>("completed");
        Assert.True(completed.Value);
        Assert.False(completed.Interpretation!.Failed);
        Assert.Contains(completed.Context!.Values, c => c is EvalRunContext<QuoteRequest, Quote>);
    }

    [Fact]
    public async Task A_component_grader_gives_a_metric_per_graded_step()
    {
        var evaluator = new GraderEvaluator<QuoteRequest, Quote>(Graders.ForToolCalls<QuoteRequest, Quote>("get_price", (_, call) => CheckResult.Pass()));
        var evalCase = OneQuote()[0];
        var script = new ScriptedChatClient()
            .ThenToolCalls(("get_price", new { sku = "A-1" })).ThenToolCalls(("get_price", new { sku = "A-1" }))
            .ThenJson(new { total = 5.0m, currency = "EUR" });
        var run = await EvalTarget.Agent(Agent).RunAsync(evalCase.Input, new EvalTargetContext { CaseId = "one", Repetition = 1, ChatClient = script }, CancellationToken.None);

        var result = await evaluator.EvaluateAsync([], new ChatResponse(), additionalContext: [new EvalRunContext<QuoteRequest, Quote>(evalCase, run)]);

        var name = evaluator.EvaluationMetricNames.Single();
        Assert.Equal([name + " @ steps[1]", name + " @ steps[3]"], result.Metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("steps[3]", result.Metrics[name + " @ steps[3]"].Metadata![EvaluationResults.StepPathKey]);
    }

    [Fact]
    public async Task Without_our_context_a_text_grader_reads_the_chat_and_a_typed_one_says_what_is_missing()
    {
        var polite = Grader.Create<string, string>("says_hello", (c, run) => run.Text!.Contains("hello", StringComparison.OrdinalIgnoreCase) && c.Input == "Greet me"
            ? CheckResult.Pass() : CheckResult.Fail("no greeting"));

        var text = await new GraderEvaluator<string, string>(polite).EvaluateAsync(
            [new ChatMessage(ChatRole.System, "be nice"), new ChatMessage(ChatRole.User, "Greet me")], new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello!")));
        var typed = await new GraderEvaluator<QuoteRequest, Quote>(Graders.Completed<QuoteRequest, Quote>()).EvaluateAsync(
            [new ChatMessage(ChatRole.User, "quote")], new ChatResponse(new ChatMessage(ChatRole.Assistant, "{}")));

        Assert.True(text.Get<BooleanMetric>("says_hello").Value);
        var missing = typed.Get<BooleanMetric>("completed");
        Assert.True(missing.Interpretation!.Failed);
        Assert.True(missing.ContainsDiagnostics(d => d.Severity == EvaluationDiagnosticSeverity.Error));
        Assert.Contains("EvalRunContext", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rubric_judge_as_an_evaluator_uses_the_chat_configuration()
    {
        var rubric = Rubric.Of("The answer greets");
        var evaluator = new GraderEvaluator<string, string>(RubricJudge.Create<string, string>(new AnswerJudge(), rubric));
        var judge = new ScriptedChatClient().ThenJson(new { items = new[] { new { criterion = "The answer greets", passed = true, reason = "says hello" } } }).WithUsage(20, 2);
        var context = TextRun("Hello!");
        var run = new EvalRunContext<string, string>(context.Case, context.Run, prices: Scripts.Prices);

        var judged = await evaluator.EvaluateAsync([], new ChatResponse(), new ChatConfiguration(judge), [run]);
        var unconfigured = await evaluator.EvaluateAsync([], new ChatResponse(), additionalContext: [run]);

        var metric = judged.Get<BooleanMetric>("judge");
        Assert.True(metric.Value);
        Assert.Equal("20", metric.Metadata!["eval-input-tokens"]);
        Assert.Equal("The answer greets", Assert.Single(rubric));
        Assert.Equal("passed: says hello", metric.Metadata["criterion: The answer greets"]);
        var failed = unconfigured.Get<BooleanMetric>("judge");
        Assert.False(failed.Value);
        Assert.Contains("no ChatConfiguration was given", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meai_composite_evaluator_combines_our_graders_with_its_evaluators()
    {
        var composite = new CompositeEvaluator(new GraderEvaluator<QuoteRequest, Quote>(Graders.Completed<QuoteRequest, Quote>()), new CalledToolEvaluator("place_order"));
        var context = await QuoteRunAsync(5.0m);

        var result = await composite.EvaluateAsync([TraceConversationProbe.Request(context)], TraceConversationProbe.Response(context),
            additionalContext: [new EvalRunContext<QuoteRequest, Quote>(context.Case, context.Run)]);

        Assert.False(result.Get<BooleanMetric>("completed").Interpretation!.Failed);
        Assert.True(result.Get<BooleanMetric>("called place_order").Interpretation!.Failed);
        var grade = result.ToGrade("composite");
        Assert.False(grade.Passed);
        Assert.Equal("called place_order: place_order was never called", grade.Reason);
    }

    [Fact]
    public async Task A_grader_round_trips_through_both_adapters()
    {
        var grader = Graders.JsonPathEquals<QuoteRequest, Quote>("$.total");
        var context = await QuoteRunAsync(4.0m);

        var direct = Assert.Single(await grader.GradeAsync(context, CancellationToken.None));
        var roundTrip = Assert.Single(await EvaluatorGrader.Create<QuoteRequest, Quote>(new GraderEvaluator<QuoteRequest, Quote>(grader), grader.Name)
            .GradeAsync(context, CancellationToken.None));

        Assert.Equal((direct.Grader, direct.Passed), (roundTrip.Grader, roundTrip.Passed));
        Assert.Equal(grader.Name + ": " + direct.Reason, roundTrip.Reason);
        Assert.Equal(0.0, roundTrip.Metrics[grader.Name]);
    }

    [Fact]
    public void A_grade_becomes_a_boolean_metric_with_its_details()
    {
        var grade = new Grade
        {
            Grader = "tone",
            Component = Components.Agent("Writer"),
            Passed = false,
            Reason = "too pushy",
            StepPath = "steps[2]",
            Findings = [new ToolError("$.body", "ALL CAPS")],
            Criteria = [new RubricItem { Criterion = "polite", Passed = false, Reason = "pushy" }],
            JudgeUsage = new UsageTotals { InputTokens = 10, OutputTokens = 2 },
            JudgeCost = 0.25m,
            Duration = TimeSpan.FromMilliseconds(1500),
            Metrics = new Dictionary<string, double> { ["similarity"] = 0.5 },
        };

        var metric = grade.ToEvaluationResult().Get<BooleanMetric>("tone");

        Assert.False(metric.Value);
        Assert.Equal("too pushy", metric.Reason);
        Assert.Equal((true, "too pushy"), (metric.Interpretation!.Failed, metric.Interpretation.Reason));
        Assert.Equal("agent:Writer", metric.Metadata![EvaluationResults.ComponentKey]);
        Assert.Equal("steps[2]", metric.Metadata[EvaluationResults.StepPathKey]);
        Assert.Equal("$.body: ALL CAPS", metric.Metadata[EvaluationResults.FindingsKey]);
        Assert.Equal("failed: pushy", metric.Metadata["criterion: polite"]);
        Assert.Equal("12", metric.Metadata["eval-total-tokens"]);
        Assert.Equal("0.25", metric.Metadata["declarative.judge-cost"]);
        Assert.Equal("0.5", metric.Metadata["similarity"]);
        Assert.True(metric.Metadata.ContainsKey("eval-duration-ms"));
    }

    [Fact]
    public async Task An_eval_result_becomes_evaluation_results_per_run_and_summary_metrics()
    {
        var runner = new EvalRunner(info => info.CaseId == "one" ? Scripts.Quote(5.0m, "A-1") : Scripts.Quote(12.0m, "A-1", "B-2"),
            new EvalOptions { Prices = Scripts.Prices });
        var dataset = EvalDataset<QuoteRequest, Quote>.Parse("""
            {"id": "one", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}, "expected": {"total": 5.0, "currency": "EUR"}}
            {"id": "two", "input": {"customer": "Bo", "lines": [{"sku": "A-1", "quantity": 1}, {"sku": "B-2", "quantity": 1}]}, "expected": {"total": 12.5, "currency": "EUR"}}
            """, CaseReader.For(Agent));
        var result = await runner.RunAsync(EvalTarget.Agent(Agent), dataset, [Graders.JsonPathEquals<QuoteRequest, Quote>("$.total"), Graders.ForToolCalls<QuoteRequest, Quote>("get_price", (_, _) => CheckResult.Pass())]);

        var perRun = result.ToEvaluationResults();
        var summary = result.ToSummaryMetrics(minPassRate: 0.9);

        Assert.Equal(["one", "two"], perRun.Select(r => r.Key));
        Assert.False(perRun[1].Value.Get<BooleanMetric>("json_path_equals $.total").Value);
        Assert.Equal(3, perRun[1].Value.Metrics.Count); // the total, and the two price calls by their steps
        var passRate = summary.Get<NumericMetric>("pass rate");
        Assert.Equal(0.5, passRate.Value);
        Assert.True(passRate.Interpretation!.Failed);
        Assert.Equal((double)result.Summary.Cost!.Value, summary.Get<NumericMetric>("cost").Value);
        Assert.Null(result.ToSummaryMetrics().Get<NumericMetric>("pass rate").Interpretation);
    }
}

// The same request and response EvaluatorGrader builds, for tests that call an evaluator by hand.
internal static class TraceConversationProbe
{
    public static ChatMessage Request<TInput, TOutput>(GradingContext<TInput, TOutput> context) => TraceConversation.Request(context.Case);

    public static ChatResponse Response<TInput, TOutput>(GradingContext<TInput, TOutput> context) => TraceConversation.Response(context.Run);
}
