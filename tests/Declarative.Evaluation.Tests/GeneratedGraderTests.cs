using Declarative.Reflection;

namespace Declarative.Evaluation.Tests;

/// <summary>
/// <c>[Grader]</c> methods compiled by the real generator into this test assembly (it references the generator as an
/// analyzer, as a user's project does), then run by <see cref="EvalRunner"/> over a real agent's runs.
/// </summary>
public sealed partial class GeneratedGraderTests
{
    private static readonly QuoteAgent Agent = new(new Shop());

    private static EvalDataset<QuoteRequest, Quote> Quotes() => EvalDataset<QuoteRequest, Quote>.Parse("""
        {"id": "one", "input": {"customer": "Ada", "lines": [{"sku": "A-1", "quantity": 2}]}, "expected": {"total": 5.0, "currency": "EUR"}}
        {"id": "two", "input": {"customer": "Bo", "lines": [{"sku": "A-1", "quantity": 1}, {"sku": "B-2", "quantity": 1}]}, "expected": {"total": 12.5, "currency": "EUR"}}
        """, CaseReader.For(Agent), "quotes");

    /// <summary>The suite under test: one grader of each shape the generator adapts.</summary>
    public sealed partial class QuoteGraders
    {
        public int Calls { get; private set; }

        [Grader]
        public bool Completed(EvalCase<QuoteRequest, Quote> evalCase, EvalRun<Quote> run) => run.Completed;

        [Grader("total", Component = "pricing")]
        public static CheckResult TotalMatches(EvalCase<QuoteRequest, Quote> evalCase, EvalRun<Quote> run)
            => run.Output?.Total == evalCase.Expected?.Total
                ? CheckResult.Pass()
                : CheckResult.Fail($"total {run.Output?.Total}, expected {evalCase.Expected?.Total}", new ToolError("$.total", "wrong total"));

        [Grader(Tool = "get_price")]
        public async Task<bool> PricedAnOrderedItemAsync(EvalCase<QuoteRequest, Quote> evalCase, ToolCallStep call, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Calls++;
            return evalCase.Input.Lines.Any(l => call.Arguments.Contains(l.Sku, StringComparison.Ordinal));
        }

        [Grader(Tool = "place_order", Optional = true)]
        public static ValueTask<CheckResult> NoOrderPlaced(EvalCase<QuoteRequest, Quote> evalCase, ToolCallStep call, CancellationToken cancellationToken)
            => new(CheckResult.Fail("a quote must not place an order"));
    }

    [Fact]
    public void The_generated_suite_lists_the_methods_in_order_with_names_and_components()
    {
        IGraderSuite<QuoteRequest, Quote> suite = new QuoteGraders();

        Assert.Equal(["completed", "total", "priced_an_ordered_item", "no_order_placed"], suite.Graders.Select(g => g.Name));
        Assert.Equal(["answer", "pricing", "tool:get_price", "tool:place_order"], suite.Graders.Select(g => g.Component));
        Assert.Same(suite.Graders, suite.Graders);
    }

    [Fact]
    public async Task The_runner_grades_real_runs_with_the_generated_graders()
    {
        var graders = new QuoteGraders();
        var runner = new EvalRunner(info => info.CaseId == "one" ? Scripts.Quote(5.0m, "A-1") : Scripts.Quote(12.0m, "A-1", "B-2"));

        var result = await runner.RunAsync(EvalTarget.Agent(Agent), Quotes(), graders.Graders);

        Assert.True(result.Cases[0].IsPassed);
        var failed = Assert.Single(result.Cases[1].Runs);
        Assert.False(failed.Passed);
        Assert.Equal("pricing", failed.FailedComponent);
        var total = Assert.Single(failed.Grades, g => !g.Passed);
        Assert.Equal(("total", "total 12.0, expected 12.5", "$.total"), (total.Grader, total.Reason, Assert.Single(total.Findings).Path));
        var priced = failed.Grades.Where(g => g.Grader == "priced_an_ordered_item").ToList();
        Assert.Equal(2, priced.Count);
        Assert.All(priced, g => Assert.True(g.Passed));
        Assert.All(priced, g => Assert.NotNull(g.StepOrder));
        Assert.Equal(3, graders.Calls);
        // No order was placed, and the grader is optional: one passing grade, no step.
        var order = Assert.Single(failed.Grades, g => g.Grader == "no_order_placed");
        Assert.True(order.Passed);
        Assert.Null(order.StepOrder);
    }

    [Fact]
    public async Task A_bool_grader_that_returns_false_fails_with_a_reason()
    {
        var run = new EvalRun<Quote> { Trace = new RunTrace { AgentName = "QuoteAgent" }, Completed = false };
        var context = new GradingContext<QuoteRequest, Quote>
        {
            Case = Quotes()[0],
            Run = run,
            Repetition = 1,
            ChatClient = new Declarative.Testing.ScriptedChatClient(),
        };

        var grade = Assert.Single(await new QuoteGraders().Graders[0].GradeAsync(context, CancellationToken.None));

        Assert.False(grade.Passed);
        Assert.Equal("The grader returned false.", grade.Reason);
    }
}
