using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation.Tests;

/// <summary>A judge: answers with a rubric verdict, read by the generated reader.</summary>
[Agent("You judge answers against criteria, strictly.", OutputType = typeof(RubricVerdict), Model = "judge")]
public sealed partial class AnswerJudge;

public sealed class JudgeTests
{
    private static readonly Rubric Criteria = Rubric.Of("The answer names the price", "The answer is polite");

    private static readonly PriceTable Prices = new PriceTable().Add("judge", new ModelPrice(1m, 2m)).Add("scripted", new ModelPrice(1m, 2m));

    private static object Verdict(params (string Criterion, bool Passed, string Reason)[] items)
        => new { items = items.Select(i => new { criterion = i.Criterion, passed = i.Passed, reason = i.Reason }).ToArray() };

    private static GradingContext<string, string> Context(IChatClient client, string? answer = "It costs 2.50 EUR, thank you for asking.", RunTrace? trace = null,
        string? reference = "2.50 EUR", string? expectedJson = null)
        => new()
        {
            Case = new EvalCase<string, string>
            {
                Id = "price",
                Input = "How much is A-1?",
                InputJson = "\"How much is A-1?\"",
                Reference = reference,
                ExpectedJson = expectedJson,
                HasExpected = expectedJson is not null,
            },
            Run = new EvalRun<string>
            {
                Trace = trace ?? new RunTrace { AgentName = "HelpAgent", Status = AgentRunStatus.Completed },
                Completed = answer is not null,
                Status = answer is null ? "ModelError" : "Completed",
                Reason = answer is null ? "the model failed" : null,
                Output = answer,
                Text = answer,
            },
            Repetition = 1,
            ChatClient = client,
            Prices = Prices,
        };

    [Fact]
    public void A_rubric_file_has_one_criterion_a_line_with_comments()
    {
        var rubric = Rubric.Parse("""
            # what a good support answer does
            The answer names the price

              The answer is polite   
            # the end
            """);

        Assert.Equal(["The answer names the price", "The answer is polite"], rubric);
        Assert.Equal("1. The answer names the price\n2. The answer is polite\n", rubric.ToString());
    }

    [Fact]
    public void A_rubric_file_may_be_a_json_array()
    {
        var rubric = Rubric.Parse("""
            [
              "The answer names the price",
              "The answer is polite"
            ]
            """);

        Assert.Equal(2, rubric.Count);
        Assert.Equal("The answer is polite", rubric[1]);
    }

    [Fact]
    public void Every_error_in_a_rubric_file_is_reported_with_its_line()
    {
        var lines = Assert.Throws<RubricFormatException>(() => Rubric.Parse("The answer names the price\n# note\nthe answer names the price.\nPolite\npolite", "support.rubric"));
        Assert.Equal(
            ["support.rubric:3: \"the answer names the price.\" repeats the criterion of line 1", "support.rubric:5: \"polite\" repeats the criterion of line 4"],
            lines.Errors.Select(e => e.ToString()));

        var json = Assert.Throws<RubricFormatException>(() => Rubric.Parse("[\n  \"Names the price\",\n  42,\n  {\"x\": 1}\n]", "r.json"));
        Assert.Equal(["r.json:3: $[1]: expected a criterion as a string, got a number", "r.json:4: $[2]: expected a criterion as a string, got an object"],
            json.Errors.Select(e => e.ToString()));

        var broken = Assert.Throws<RubricFormatException>(() => Rubric.Parse("[\n  \"Names the price\"\n  \"Is polite\"\n]", "r.json"));
        var error = Assert.Single(broken.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);

        var empty = Assert.Throws<RubricFormatException>(() => Rubric.Parse("# nothing yet\n\n", "empty.rubric"));
        Assert.Equal("empty.rubric:1: the rubric has no criteria", Assert.Single(empty.Errors).ToString());
        Assert.Contains("empty.rubric:1: the rubric has no criteria", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rubric_is_loaded_from_a_file_named_in_its_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), "interop-" + Guid.NewGuid().ToString("N") + ".rubric");
        try
        {
            File.WriteAllText(path, "Names the price\n\nIs polite\n");
            Assert.Equal(["Names the price", "Is polite"], Rubric.Load(path));

            File.WriteAllText(path, "Is polite\nIs polite\n");
            var error = Assert.Single(Assert.Throws<RubricFormatException>(() => Rubric.Load(path)).Errors);
            Assert.Equal((Path.GetFileName(path), 2), (error.Source, error.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_rubric_in_code_rejects_empty_and_repeated_criteria()
    {
        Assert.Contains("criterion 2: a criterion is empty", Assert.Throws<ArgumentException>(() => Rubric.Of("Names the price", " ")).Message, StringComparison.Ordinal);
        Assert.Contains("repeats the criterion of criterion 1", Assert.Throws<ArgumentException>(() => Rubric.Of("Is polite", "IS  POLITE")).Message, StringComparison.Ordinal);
        Assert.Contains("at least one criterion", Assert.Throws<ArgumentException>(() => Rubric.Of()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_judge_sees_the_case_the_reference_the_answer_and_the_criteria_and_its_cost_is_its_own()
    {
        var judge = new ScriptedChatClient()
            .ThenJson(Verdict(("The answer names the price", true, "2.50 EUR"), ("the answer is polite.", true, "thanks the customer")))
            .WithUsage(50, 5);
        var grader = RubricJudge.Create<string, string>(new AnswerJudge(), Criteria);

        var grade = Assert.Single(await grader.GradeAsync(Context(judge, expectedJson: "\"2.50 EUR\""), CancellationToken.None));

        Assert.True(grade.Passed, grade.Reason);
        Assert.Equal(("judge", Components.Answer), (grade.Grader, grade.Component));
        Assert.Equal(["The answer names the price", "the answer is polite."], grade.Criteria.Select(c => c.Criterion));
        Assert.Equal(new UsageTotals { InputTokens = 50, OutputTokens = 5 }, grade.JudgeUsage);
        Assert.Equal(50m / 1_000_000 + 10m / 1_000_000, grade.JudgeCost);
        var prompt = judge.Requests[0].Messages[^1].Text;
        Assert.Contains("How much is A-1?", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\"How much is A-1?\"", prompt, StringComparison.Ordinal);
        Assert.Contains("A reference answer (what a good answer says; the wording may differ):\n2.50 EUR", prompt, StringComparison.Ordinal);
        Assert.Contains("The expected answer (JSON):\n\"2.50 EUR\"", prompt, StringComparison.Ordinal);
        Assert.Contains("The candidate answer:\nIt costs 2.50 EUR, thank you for asking.", prompt, StringComparison.Ordinal);
        Assert.Contains("Criteria:\n1. The answer names the price\n2. The answer is polite\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_criterion_fails_the_grade_with_its_reason()
    {
        var judge = new ScriptedChatClient().ThenJson(Verdict(("The answer names the price", true, "yes"), ("The answer is polite", false, "it is curt")));

        var grade = Assert.Single(await RubricJudge.Create<string, string>(new AnswerJudge(), Criteria, "tone").GradeAsync(Context(judge), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal("tone", grade.Grader);
        Assert.Equal("\"The answer is polite\" failed: it is curt", grade.Reason);
        Assert.Equal([true, false], grade.Criteria.Select(c => c.Passed));
    }

    [Fact]
    public async Task A_criterion_the_judge_left_out_is_a_failure_that_says_so()
    {
        var judge = new ScriptedChatClient().ThenJson(Verdict(("The answer names the price", true, "yes"), ("The answer is short", true, "invented by the judge")));

        var grade = Assert.Single(await RubricJudge.Create<string, string>(new AnswerJudge(), Criteria).GradeAsync(Context(judge), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal("no verdict on \"The answer is polite\"", grade.Reason);
        Assert.Equal(["The answer names the price", "The answer is polite", "The answer is short"], grade.Criteria.Select(c => c.Criterion));
        Assert.Equal("the judge gave no verdict on this criterion", grade.Criteria[1].Reason);
    }

    [Fact]
    public async Task A_judge_that_gives_no_verdict_is_a_failed_grade_not_an_exception()
    {
        // Not a verdict three times (the answer, then its two retries): the judge's run ends without an output.
        var judge = new ScriptedChatClient().ThenText("looks fine to me").ThenText("fine").ThenText("ok").WithUsage(7, 1);

        var grade = Assert.Single(await RubricJudge.Create<string, string>(new AnswerJudge(), Criteria).GradeAsync(Context(judge), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.StartsWith("the judge 'AnswerJudge' gave no verdict (", grade.Reason, StringComparison.Ordinal);
        Assert.NotNull(grade.JudgeUsage);

        var throwing = new ScriptedChatClient().ThenThrow(new InvalidOperationException("the judge's endpoint is down"));
        var failed = Assert.Single(await RubricJudge.Create<string, string>(new AnswerJudge(), Criteria).GradeAsync(Context(throwing), CancellationToken.None));
        Assert.False(failed.Passed);
        Assert.Contains("the judge 'AnswerJudge'", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_an_answer_is_not_sent_to_the_judge()
    {
        var judge = new ScriptedChatClient(); // empty: a call would throw

        var grade = Assert.Single(await RubricJudge.Create<string, string>(new AnswerJudge(), Criteria).GradeAsync(Context(judge, answer: null), CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal("no answer to judge: the run ended ModelError: the model failed", grade.Reason);
        Assert.Empty(judge.Requests);
        Assert.Null(grade.JudgeUsage);
    }

    [Fact]
    public async Task A_specialists_output_is_judged_wherever_it_ran()
    {
        var trace = new RunTrace
        {
            AgentName = "Manager",
            Steps =
            [
                new ModelCallStep { Index = 0 },
                new ToolCallStep { Index = 1, ToolName = "ask_writer", CallId = "c1", Agent = new AgentInvocationStep { AgentName = "Writer", Input = "Write the blurb", Text = "Buy now!" } },
                new AgentInvocationStep { Index = 2, AgentName = "Writer", Input = "Again, politely", Text = "Please consider buying." },
                new AgentInvocationStep { Index = 3, AgentName = "Editor", Text = "edited" },
            ],
        };
        var judge = new ScriptedChatClient()
            .ThenJson(Verdict(("The answer names the price", false, "no price"), ("The answer is polite", false, "pushy")))
            .ThenJson(Verdict(("The answer names the price", true, "ok"), ("The answer is polite", true, "ok")));

        var grades = await RubricJudge.ForAgent<string, string>("Writer", new AnswerJudge(), Criteria).GradeAsync(Context(judge, trace: trace), CancellationToken.None);

        Assert.Equal(2, grades.Count);
        Assert.All(grades, g => Assert.Equal((Components.Agent("Writer"), "judge:Writer"), (g.Component, g.Grader)));
        Assert.Equal(("steps[1].agent", false), (grades[0].StepPath, grades[0].Passed));
        Assert.Equal(("steps[2]", true), (grades[1].StepPath, grades[1].Passed));
        Assert.Contains("What the agent under review was asked:\nWrite the blurb", judge.Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains("The candidate answer:\nPlease consider buying.", judge.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("reference answer", judge.Requests[1].Messages[^1].Text, StringComparison.Ordinal);

        var never = await RubricJudge.ForAgent<string, string>("Critic", new AnswerJudge(), Criteria).GradeAsync(Context(judge, trace: trace), CancellationToken.None);
        Assert.Equal("the agent 'Critic' never ran", Assert.Single(never).Reason);
        var optional = await RubricJudge.ForAgent<string, string>("Critic", new AnswerJudge(), Criteria, optional: true).GradeAsync(Context(judge, trace: trace), CancellationToken.None);
        Assert.True(Assert.Single(optional).Passed);
    }

    [Fact]
    public async Task In_an_eval_the_judges_spending_is_counted_apart_from_the_runs()
    {
        // One client for the target and the judge, in turn: the answer, then the verdict.
        var client = new ScriptedChatClient()
            .ThenText("It costs 2.50 EUR, thank you.").WithUsage(100, 10)
            .ThenJson(Verdict(("The answer names the price", true, "2.50"), ("The answer is polite", true, "thanks"))).WithUsage(40, 4);
        var dataset = EvalDataset<string, string>.Parse("""{"id": "price", "input": "How much is A-1?", "reference": "2.50 EUR"}""", CaseReader.Text);

        var result = await new EvalRunner(client, new EvalOptions { Prices = Prices, MaxParallelism = 1 })
            .RunAsync(EvalTarget.TextAgent(new HelpAgent(new Shop())), dataset, [RubricJudge.Create<string, string>(new AnswerJudge(), Criteria)]);

        var run = result.Cases[0].Runs[0];
        Assert.True(run.Passed, string.Join("; ", run.Grades));
        Assert.Equal(new UsageTotals { InputTokens = 100, OutputTokens = 10 }, run.Usage);
        Assert.Equal(new UsageTotals { InputTokens = 40, OutputTokens = 4 }, run.Grades[0].JudgeUsage);
        Assert.Equal(48m / 1_000_000, run.JudgeCost);
        Assert.Equal(120m / 1_000_000, run.Cost);
    }
}
