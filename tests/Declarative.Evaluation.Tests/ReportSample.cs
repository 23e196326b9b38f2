using Declarative.Reflection;
using Declarative.Testing;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation.Tests;

// A real eval run for the report tests (the console, JSON schema and HTML tests here, and the browser tests,
// which compile this file too): a shop agent run by the EvalRunner on scripted model turns, with repetitions,
// tags, a tool that fails, a flaky case, a judge-like grader with criteria and its own cost, and a case id
// that is markup. Every number in it comes from the runner, none is written by hand.

/// <summary>The shop's tools for the report sample.</summary>
public sealed partial class ReportShopTools
{
    private static readonly Dictionary<string, string> Prices = new(StringComparer.Ordinal)
    {
        ["SG-001"] = "12.50",
        ["HT-002"] = "30.00",
    };

    /// <summary>Looks up the price of an item.</summary>
    /// <param name="item">The item's id, like SG-001.</param>
    [Tool(ReadOnly = true)]
    public string LookupPrice(string item)
        => Prices.TryGetValue(item, out var price) ? price : throw new KeyNotFoundException($"no item {item}");
}

/// <summary>The shop agent the report sample evaluates.</summary>
[Agent("You answer questions about prices in the shop.", Model = "small")]
public sealed partial class ReportShopAgent([UseTools] ReportShopTools tools);

/// <summary>Runs the report sample's eval once per process (it is deterministic but not free).</summary>
public static class ReportSample
{
    /// <summary>The id of the case whose id is markup, to check that reports encode it.</summary>
    public const string ScriptCaseId = "<script>alert(\"x\")</script>";

    private static readonly Lazy<Task<EvalResult>> Run = new(() => RunAsync(CancellationToken.None));
    private static readonly Lazy<Task<EvalResult>> Baseline = new(() => RunAsync(CancellationToken.None, baseline: true));

    /// <summary>The sample's result.</summary>
    public static Task<EvalResult> ResultAsync() => Run.Value;

    /// <summary>An earlier run of the same cases, to compare with: the flaky case passed every run, the hat's price was misread.</summary>
    public static Task<EvalResult> BaselineAsync() => Baseline.Value;

    private const string Dataset = """
        {"id": "price-sunglasses", "input": "What do the SG-001 sunglasses cost?", "expected": "12.50", "tags": ["pricing"]}
        {"id": "price-hat", "input": "How much is the HT-002 hat?", "expected": "30.00", "tags": ["pricing"]}
        {"id": "price-unknown", "input": "What does XX-999 cost?", "expected": "not sold", "tags": ["pricing", "hard"]}
        {"id": "price-flaky", "input": "Price of SG-001, please?", "expected": "12.50", "tags": ["hard"]}
        {"id": "<script>alert(\"x\")</script>", "input": "What is HT-002's price?", "expected": "30.00", "tags": ["escaping"]}
        """;

    /// <summary>Runs the eval: 5 cases × 2 repetitions.</summary>
    public static Task<EvalResult> RunAsync(CancellationToken cancellationToken, bool baseline = false)
    {
        var dataset = EvalDataset<string, string>.Parse(Dataset, CaseReader.Text, "shop-prices");
        var target = EvalTarget.TextAgent(new ReportShopAgent(new ReportShopTools()));
        var prices = new PriceTable().Add("scripted", new ModelPrice(InputPerMillion: 0.15m, OutputPerMillion: 0.60m));
        var runner = new EvalRunner(info => Script(info.CaseId, info.Repetition, baseline), new EvalOptions
        {
            Repetitions = 2,
            MaxParallelism = 2,
            Prices = prices,
            Name = baseline ? "shop-prices-baseline" : "shop-prices-nightly",
        });
        Grader<string, string>[] graders =
        [
            Graders.Completed<string, string>(),
            Graders.ForToolCalls<string, string>("lookup_price", (_, step) => step.IsError
                ? CheckResult.Fail("the lookup failed: " + string.Join("; ", step.Errors.Select(e => e.Message)), new ToolError("$.item", "not an item of the shop"))
                : CheckResult.Pass()),
            Graders.TextContains<string, string>(c => c.Expected),
            new PolitenessJudge(),
        ];
        return runner.RunAsync(target, dataset, graders, cancellationToken);
    }

    // The model's turns for one run: ask for the price, then answer from the tool's result.
    private static ScriptedChatClient Script(string caseId, int repetition, bool baseline)
    {
        var (item, answer) = caseId switch
        {
            "price-sunglasses" => ("SG-001", "The SG-001 sunglasses cost $12.50. Thanks for asking!"),
            "price-hat" => ("HT-002", baseline ? "The HT-002 hat costs $3.00. Thanks!" : "The HT-002 hat costs $30.00. Thanks!"),
            "price-unknown" => ("XX-999", "Sorry, I could not find that item."),
            // Flaky: the second repetition misreads the price.
            "price-flaky" => ("SG-001", repetition == 1 || baseline ? "SG-001 costs $12.50, thanks." : "SG-001 costs $21.50, thanks."),
            _ => ("HT-002", "HT-002 costs $30.00. Thanks for shopping <b>with us</b> & come back!"),
        };
        return new ScriptedChatClient()
            .ThenToolCalls(("lookup_price", new { item })).WithUsage(420, 24)
            .ThenText(answer).WithUsage(510, 18 + repetition);
    }

    // Stands in for a rubric judge: binary criteria over the answer, its own spending accounted apart.
    private sealed class PolitenessJudge() : Grader<string, string>("politeness", Components.Answer)
    {
        public override ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<string, string> context, CancellationToken cancellationToken)
        {
            var text = context.Run.Text ?? "";
            RubricItem[] criteria =
            [
                new() { Criterion = "Thanks the customer", Passed = text.Contains("thank", StringComparison.OrdinalIgnoreCase), Reason = "looked for thanks" },
                new() { Criterion = "Gives a price in dollars", Passed = text.Contains('$'), Reason = text.Contains('$') ? null : "no price given" },
            ];
            var usage = new UsageTotals { InputTokens = 300 + text.Length, OutputTokens = 40 };
            IReadOnlyList<Grade> grades =
            [
                new Grade
                {
                    Grader = Name,
                    Component = Component,
                    Passed = criteria.All(c => c.Passed),
                    Reason = criteria.All(c => c.Passed) ? null : "failed: " + string.Join(", ", criteria.Where(c => !c.Passed).Select(c => c.Criterion)),
                    Criteria = criteria,
                    JudgeUsage = usage,
                    JudgeCost = context.Prices?.CostOf("scripted", usage),
                },
            ];
            return ValueTask.FromResult(grades);
        }
    }
}
