using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Declarative;
using Declarative.Evaluation;
using Declarative.Reflection;

namespace EvalsSample;

/// <summary>
/// The code graders of the shop's evals, each reading what the case expects (<see cref="Expectation"/>). Component
/// graders look at single steps of the trace (a call of <c>get_item_price</c>, of <c>process_return</c>, a plan step), so a
/// wrong argument is caught where it happened, before the answer it spoils; end-to-end graders look at the answer.
/// Written with the <see cref="Grader"/> factories (what generated <c>[Grader]</c> suites call).
/// </summary>
internal static partial class ShopGraders
{
    /// <summary>The most a single run may cost (US dollars), model calls only: about 6 calls of gpt-4o-mini at this size.</summary>
    public const decimal MaxCostPerRun = 0.002m;

    /// <summary>The most a single run may take: generous for a live endpoint; recorded runs take milliseconds.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(30);

    /// <summary>The graders of the tool-calling agent: every code grader below and the cost, latency and turn limits.</summary>
    /// <param name="tools">The agent's tools (to know which need approval).</param>
    public static IReadOnlyList<Grader<string, string>> ForAgent(IToolSet tools) =>
    [
        Graders.Completed<string, string>(),
        PricedTheRightItems(),
        ReturnAsExpected(),
        WritesOnlyWhenApproved(tools),
        ExpectedCalls(),
        StatesPrices(),
        MentionsAndAvoids(),
        Graders.MaxModelCalls<string, string>(6),
        Graders.MaxCost<string, string>(MaxCostPerRun),
        Graders.MaxLatency<string, string>(MaxLatency),
        new ShopJudgeGrader(),
    ];

    /// <summary>The graders of plan-and-execute runs: the plan, its steps, the answer, and the same limits.</summary>
    /// <param name="tools">The agent's tools.</param>
    public static IReadOnlyList<Grader<string, string>> ForPlans(IToolSet tools) =>
    [
        Graders.Completed<string, string>(),
        PlanValidated(),
        PricedTheRightItemsInPlan(),
        WritesOnlyWhenApproved(tools),
        ExpectedCalls(),
        StatesPrices(),
        MentionsAndAvoids(),
        Graders.MaxModelCalls<string, string>(4),
        Graders.MaxCost<string, string>(MaxCostPerRun),
        Graders.MaxLatency<string, string>(MaxLatency),
    ];

    /// <summary>
    /// Component <c>tool:get_item_price</c>: each call prices only items the case is about. Catches a model that read the
    /// wrong row of a search result at the call itself, before its wrong answer.
    /// </summary>
    public static Grader<string, string> PricedTheRightItems()
        => Graders.ForToolCalls<string, string>("get_item_price", (c, call) => AsksOnlyFor(c, call.Arguments), "priced_the_right_items", optional: true);

    /// <summary>The same check on the plan's <c>get_item_price</c> steps (their arguments as run, references resolved).</summary>
    public static Grader<string, string> PricedTheRightItemsInPlan()
        => Graders.ForPlanSteps<string, string>("get_item_price", (c, step) => AsksOnlyFor(c, step.Arguments), "priced_the_right_items", optional: true);

    /// <summary>
    /// Component <c>tool:process_return</c>: the call names the order, item and quantity the case expects, and the staff's
    /// policy decided as expected. (A return the case does not expect at all is caught by <see cref="ExpectedCalls"/>.)
    /// </summary>
    public static Grader<string, string> ReturnAsExpected()
        => Graders.ForToolCalls<string, string>("process_return", (c, call) =>
        {
            if (Expectation.Of(c.ExpectedJson).Return is not { } expected)
            {
                return CheckResult.Pass();
            }
            using var arguments = JsonDocument.Parse(call.Arguments);
            var root = arguments.RootElement;
            var problems = new List<ToolError>();
            Compare(root, "orderId", expected.OrderId, problems);
            Compare(root, "itemId", expected.ItemId, problems);
            if (!root.TryGetProperty("quantity", out var quantity) || !quantity.TryGetInt32(out var units) || units != expected.Quantity)
            {
                problems.Add(new ToolError("$.quantity", $"expected {expected.Quantity}, got {(root.TryGetProperty("quantity", out var q) ? q.GetRawText() : "nothing")}"));
            }
            if (call.Approved != expected.Approved)
            {
                problems.Add(new ToolError("$", $"expected the policy to {(expected.Approved ? "approve" : "deny")} it; it was {(call.Approved switch { true => "approved", false => "denied", _ => "never asked" })}"));
            }
            return problems.Count == 0 ? CheckResult.Pass() : CheckResult.Fail("the return is not the one the customer asked for", [.. problems]);
        }, "return_as_expected", optional: true);

    /// <summary>
    /// Component <c>tool:&lt;write tool&gt;</c>: a tool that changes the store (not read-only, or needing approval) ran only
    /// after a yes. The runtime enforces this; the grader makes sure no configuration change (a tool losing
    /// <c>RequiresApproval</c>, an approve-all handler) slips through unnoticed.
    /// </summary>
    public static Grader<string, string> WritesOnlyWhenApproved(IToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var writes = tools.Tools.Where(t => !t.ReadOnly || t.RequiresApproval).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var component = writes.Count == 1 ? Components.Tool(writes.Keys.Single()) : "tool:writes";
        return Grader.ForSteps<string, string, TraceStep>("writes_only_when_approved", component, (_, step) => NameOf(step) is { } name && writes.ContainsKey(name),
            (_, step) =>
            {
                var (name, ran, approved) = step switch
                {
                    ToolCallStep call => (call.ToolName, call.Outcome == ToolCallOutcome.Succeeded, call.Approved),
                    PlanStepCall planStep => (planStep.ToolName, planStep.Status == Declarative.Planning.PlanStepStatus.Succeeded, planStep.Approved),
                    _ => ("", false, null),
                };
                if (!writes[name].RequiresApproval)
                {
                    return CheckResult.Fail($"{name} changes the store but does not require approval");
                }
                return !ran || approved == true ? CheckResult.Pass() : CheckResult.Fail($"{name} ran without an approval");
            }, optional: true);
    }

    /// <summary>The run called every tool the case expects (in the loop or as a plan step) and none it forbids.</summary>
    public static Grader<string, string> ExpectedCalls()
        => Grader.Create<string, string>("expected_calls", (c, run) =>
        {
            var expectation = Expectation.Of(c.ExpectedJson);
            var called = TraceNode.Walk(run.Trace).Select(n => NameOf(n.Step)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var problems = expectation.Calls.Where(t => !called.Contains(t)).Select(t => new ToolError("$", $"never called {t}"))
                .Concat(expectation.NoCalls.Where(called.Contains).Select(t => new ToolError("$", $"called {t}, which this request must not lead to")))
                .ToArray();
            return problems.Length == 0 ? CheckResult.Pass() : CheckResult.Fail(string.Join("; ", problems.Select(p => p.Message)), problems);
        });

    /// <summary>The answer states each expected price, as "$179.00" or "$179".</summary>
    public static Grader<string, string> StatesPrices()
        => Grader.Create<string, string>("states_prices", (c, run) =>
        {
            var missing = Expectation.Of(c.ExpectedJson).Prices
                .Where(p => !StatesPrice(run.Text ?? "", p.Value))
                .Select(p => new ToolError("$", $"{p.Key}: ${p.Value.ToString("0.00", CultureInfo.InvariantCulture)} not stated"))
                .ToArray();
            return missing.Length == 0 ? CheckResult.Pass() : CheckResult.Fail("the answer does not state the right price", missing);
        });

    /// <summary>The answer contains what the case says it must (ids, numbers, words) and nothing it must avoid.</summary>
    public static Grader<string, string> MentionsAndAvoids()
        => Grader.Create<string, string>("mentions_and_avoids", (c, run) =>
        {
            var expectation = Expectation.Of(c.ExpectedJson);
            var text = run.Text ?? "";
            var problems = expectation.Mentions.Where(m => !text.Contains(m, StringComparison.OrdinalIgnoreCase)).Select(m => new ToolError("$", $"does not mention \"{m}\""))
                .Concat(expectation.Avoid.Where(a => text.Contains(a, StringComparison.OrdinalIgnoreCase)).Select(a => new ToolError("$", $"says \"{a}\"")))
                .ToArray();
            return problems.Length == 0 ? CheckResult.Pass() : CheckResult.Fail(string.Join("; ", problems.Select(p => p.Message)), problems);
        });

    /// <summary>The plan that ran was valid, and the model needed at most one repair to get there (component <c>plan</c>).</summary>
    public static Grader<string, string> PlanValidated()
        => Grader.Create<string, string>("plan_validated", (_, run) =>
        {
            var validations = run.Trace.Steps.OfType<PlanValidationStep>().ToList();
            if (validations.Count == 0)
            {
                return CheckResult.Fail("the model never wrote a plan");
            }
            if (!validations[^1].IsValid)
            {
                return CheckResult.Fail($"the last of {validations.Count} plan(s) was still invalid", [.. validations[^1].Errors]);
            }
            return validations.Count <= 2 ? CheckResult.Pass() : CheckResult.Fail($"the plan needed {validations.Count - 1} repairs (at most 1 expected)");
        }, Components.Plan);

    private static CheckResult AsksOnlyFor(EvalCase<string, string> evalCase, string? argumentsJson)
    {
        var items = Expectation.Of(evalCase.ExpectedJson).Items;
        if (items.Count == 0 || argumentsJson is null)
        {
            return CheckResult.Pass();
        }
        using var arguments = JsonDocument.Parse(argumentsJson);
        if (!arguments.RootElement.TryGetProperty("itemIds", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            return CheckResult.Fail("no itemIds", new ToolError("$.itemIds", "missing"));
        }
        var wrong = ids.EnumerateArray().Select((id, i) => (Id: id.GetString() ?? "", Index: i))
            .Where(x => !items.Contains(x.Id, StringComparer.OrdinalIgnoreCase))
            .ToArray();
        return wrong.Length == 0 ? CheckResult.Pass() : CheckResult.Fail(
            $"priced {string.Join(", ", wrong.Select(w => w.Id))}, which this request is not about (it is about {string.Join(", ", items)})",
            [.. wrong.Select(w => new ToolError($"$.itemIds[{w.Index}]", $"'{w.Id}' is not one of {string.Join(", ", items)}"))]);
    }

    private static void Compare(JsonElement arguments, string name, string expected, List<ToolError> problems)
    {
        var actual = arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ToolError("$." + name, $"expected '{expected}', got {(actual is null ? "nothing" : $"'{actual}'")}"));
        }
    }

    private static string? NameOf(TraceStep step) => step switch
    {
        ToolCallStep call => call.ToolName,
        PlanStepCall planStep => planStep.ToolName,
        _ => null,
    };

    private static bool StatesPrice(string text, decimal amount)
    {
        var cents = "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);
        if (text.Contains(cents, StringComparison.Ordinal))
        {
            return true;
        }
        var whole = amount == decimal.Truncate(amount) ? "$" + amount.ToString("0", CultureInfo.InvariantCulture) : null;
        return whole is not null && WholeDollars().Matches(text).Any(m => m.Value == whole);
    }

    [GeneratedRegex(@"\$\d+(?![\d.,])")]
    private static partial Regex WholeDollars();
}
