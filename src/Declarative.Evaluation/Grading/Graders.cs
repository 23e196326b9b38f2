using System.Globalization;
using System.Text.Json;
using Declarative.Reflection;

namespace Declarative.Evaluation;

/// <summary>
/// Code graders for what a program can decide: the answer (exact, by JSON path, containing a text), the tools
/// called (which, with what arguments, never a write tool), and thresholds (latency, cost, model calls). Component
/// graders (<see cref="ForToolCalls{TInput, TOutput}"/>, <see cref="ForPlanSteps{TInput, TOutput}"/>,
/// <see cref="ForAgent{TInput, TOutput}"/>, <see cref="ForPlan{TInput, TOutput}"/>) grade one kind of step wherever it
/// occurs in the trace, so a case can fail "at the plan" rather than just "at the end".
/// </summary>
public static class Graders
{
    /// <summary>The run completed with an answer.</summary>
    public static Grader<TInput, TOutput> Completed<TInput, TOutput>()
        => Grader.Create<TInput, TOutput>("completed", static (_, run) => run.Completed
            ? CheckResult.Pass()
            : CheckResult.Fail(run.Error is not null ? "the target threw: " + run.Error : $"the run ended {run.Status}{(run.Reason is null ? "" : ": " + run.Reason)}"));

    /// <summary>
    /// The answer equals the case's expected answer: as JSON values (property order and spacing aside) for typed
    /// answers, as text (ends trimmed) for text answers. A case without an expected answer fails, saying so.
    /// </summary>
    public static Grader<TInput, TOutput> ExactMatch<TInput, TOutput>()
        => Grader.Create<TInput, TOutput>("exact_match", static (c, run) =>
        {
            if (c.ExpectedJson is null)
            {
                return CheckResult.Fail("the case has no expected answer");
            }
            if (run.Text is null)
            {
                return CheckResult.Fail("the run gave no answer");
            }
            if (typeof(TOutput) == typeof(string))
            {
                var expected = c.Expected as string ?? "";
                return string.Equals(run.Text.Trim(), expected.Trim(), StringComparison.Ordinal)
                    ? CheckResult.Pass()
                    : CheckResult.Fail($"expected \"{Shorten(expected)}\", got \"{Shorten(run.Text)}\"");
            }
            if (!TryParse(run.Text, out var actual))
            {
                return CheckResult.Fail("the answer is not JSON: " + Shorten(run.Text));
            }
            using var expectedDocument = JsonDocument.Parse(c.ExpectedJson);
            using (actual)
            {
                return FirstDifference(expectedDocument.RootElement, actual.RootElement, "$") is { } difference
                    ? CheckResult.Fail("the answer differs from the expected one", difference)
                    : CheckResult.Pass();
            }
        });

    /// <summary>
    /// The answer's value at <paramref name="jsonPath"/> (<c>$.total</c>, <c>$.lines[0].sku</c>) equals the expected
    /// answer's value there. A case without an expected answer fails, saying so.
    /// </summary>
    /// <param name="jsonPath">A path of property names and array indexes.</param>
    public static Grader<TInput, TOutput> JsonPathEquals<TInput, TOutput>(string jsonPath)
    {
        var segments = JsonPath.Parse(jsonPath);
        return Grader.Create<TInput, TOutput>("json_path_equals " + jsonPath, (c, run) =>
        {
            if (c.ExpectedJson is null)
            {
                return CheckResult.Fail("the case has no expected answer");
            }
            if (run.Text is null || !TryParse(run.Text, out var actual))
            {
                return CheckResult.Fail("the answer is not JSON", new ToolError("$", "not JSON"));
            }
            using var expectedDocument = JsonDocument.Parse(c.ExpectedJson);
            using (actual)
            {
                if (!JsonPath.TryFind(expectedDocument.RootElement, segments, out var expected))
                {
                    return CheckResult.Fail($"the expected answer has nothing at {jsonPath}");
                }
                if (!JsonPath.TryFind(actual.RootElement, segments, out var value))
                {
                    return CheckResult.Fail($"the answer has nothing at {jsonPath}", new ToolError(jsonPath, "missing"));
                }
                return JsonElement.DeepEquals(expected, value)
                    ? CheckResult.Pass()
                    : CheckResult.Fail($"{jsonPath} is {Shorten(value.GetRawText())}, expected {Shorten(expected.GetRawText())}",
                        new ToolError(jsonPath, $"expected {Shorten(expected.GetRawText())}"));
            }
        });
    }

    /// <summary>The answer's text contains what <paramref name="expected"/> says for the case (ignoring case); passes when it says null.</summary>
    /// <param name="expected">The text each case's answer must contain, e.g. <c>c =&gt; c.Reference</c>.</param>
    /// <param name="name">The grader's name.</param>
    public static Grader<TInput, TOutput> TextContains<TInput, TOutput>(Func<EvalCase<TInput, TOutput>, string?> expected, string name = "text_contains")
    {
        ArgumentNullException.ThrowIfNull(expected);
        return Grader.Create<TInput, TOutput>(name, (c, run) =>
        {
            var needle = expected(c);
            if (needle is null)
            {
                return CheckResult.Pass();
            }
            return run.Text is not null && run.Text.Contains(needle, StringComparison.OrdinalIgnoreCase)
                ? CheckResult.Pass()
                : CheckResult.Fail($"the answer does not mention \"{needle}\"");
        });
    }

    /// <summary>
    /// The run called <paramref name="toolName"/> (in the loop or as a plan step, at any depth) at least once
    /// successfully, and, when <paramref name="arguments"/> is given, with arguments it accepts. A failure points at
    /// the first call of the tool, so the error analysis puts it where it happened.
    /// </summary>
    /// <param name="toolName">The tool.</param>
    /// <param name="arguments">Checks one call's arguments for the case; null accepts any.</param>
    public static Grader<TInput, TOutput> CalledTool<TInput, TOutput>(string toolName, Func<EvalCase<TInput, TOutput>, JsonElement, bool>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        return new CalledToolGrader<TInput, TOutput>(toolName, arguments);
    }

    /// <summary>The run never called any of <paramref name="toolNames"/> (a failure points at the first such call).</summary>
    /// <param name="toolNames">The tools.</param>
    public static Grader<TInput, TOutput> NeverCalled<TInput, TOutput>(params string[] toolNames)
    {
        ArgumentNullException.ThrowIfNull(toolNames);
        var names = toolNames.ToHashSet(StringComparer.Ordinal);
        return new NeverCalledGrader<TInput, TOutput>("never_called " + string.Join(",", toolNames), names, "a forbidden tool");
    }

    /// <summary>The run never called a tool of <paramref name="tools"/> that has side effects (is not <see cref="ToolAttribute.ReadOnly"/>) — nor any that needs approval and was not approved.</summary>
    /// <param name="tools">The agent's tools.</param>
    public static Grader<TInput, TOutput> NeverCalledWriteTools<TInput, TOutput>(IToolSet tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var names = tools.Tools.Where(t => !t.ReadOnly).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return new NeverCalledGrader<TInput, TOutput>("never_called_write_tools", names, "a write tool");
    }

    /// <summary>The run took at most <paramref name="limit"/>.</summary>
    /// <param name="limit">The limit.</param>
    public static Grader<TInput, TOutput> MaxLatency<TInput, TOutput>(TimeSpan limit)
        => Grader.Create<TInput, TOutput>("max_latency", (_, run) => run.Trace.Duration <= limit
            ? CheckResult.Pass()
            : CheckResult.Fail($"took {run.Trace.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms, over the {limit.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms limit"));

    /// <summary>The run cost at most <paramref name="limit"/>; an unpriced run fails, since its cost is unknown.</summary>
    /// <param name="limit">The limit, in the price table's currency.</param>
    public static Grader<TInput, TOutput> MaxCost<TInput, TOutput>(decimal limit)
        => Grader.Create<TInput, TOutput>("max_cost", (_, run) => run.Trace.Cost switch
        {
            null => CheckResult.Fail("the run's cost is unknown (a model without a price)"),
            var cost when cost <= limit => CheckResult.Pass(),
            var cost => CheckResult.Fail($"cost {cost.Value.ToString(CultureInfo.InvariantCulture)}, over the {limit.ToString(CultureInfo.InvariantCulture)} limit"),
        });

    /// <summary>The run made at most <paramref name="limit"/> model calls (its nested agents' included).</summary>
    /// <param name="limit">The limit.</param>
    public static Grader<TInput, TOutput> MaxModelCalls<TInput, TOutput>(int limit)
        => new MaxModelCallsGrader<TInput, TOutput>(limit);

    /// <summary>A component grader of each call of <paramref name="toolName"/> in the loop (component <c>tool:&lt;name&gt;</c>).</summary>
    /// <param name="toolName">The tool.</param>
    /// <param name="grade">Decides for one call.</param>
    /// <param name="name">The grader's name (default: the tool's name and "_call").</param>
    /// <param name="optional">Whether a run that never called it passes.</param>
    public static Grader<TInput, TOutput> ForToolCalls<TInput, TOutput>(string toolName, Func<EvalCase<TInput, TOutput>, ToolCallStep, CheckResult> grade, string? name = null, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        return Grader.ForSteps<TInput, TOutput, ToolCallStep>(name ?? toolName + "_call", Components.Tool(toolName), (_, s) => s.ToolName == toolName, grade, optional);
    }

    /// <summary>A component grader of each plan step that calls <paramref name="toolName"/> (component <c>tool:&lt;name&gt;</c>).</summary>
    /// <param name="toolName">The tool.</param>
    /// <param name="grade">Decides for one step.</param>
    /// <param name="name">The grader's name (default: the tool's name and "_step").</param>
    /// <param name="optional">Whether a run whose plan never called it passes.</param>
    public static Grader<TInput, TOutput> ForPlanSteps<TInput, TOutput>(string toolName, Func<EvalCase<TInput, TOutput>, PlanStepCall, CheckResult> grade, string? name = null, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        return Grader.ForSteps<TInput, TOutput, PlanStepCall>(name ?? toolName + "_step", Components.Tool(toolName), (_, s) => s.ToolName == toolName, grade, optional);
    }

    /// <summary>A component grader of the plan: each plan validation step (the plan the model wrote, and the errors found in it), component <c>plan</c>.</summary>
    /// <param name="grade">Decides for one validated plan.</param>
    /// <param name="name">The grader's name.</param>
    public static Grader<TInput, TOutput> ForPlan<TInput, TOutput>(Func<EvalCase<TInput, TOutput>, PlanValidationStep, CheckResult> grade, string name = "plan")
        => Grader.ForSteps<TInput, TOutput, PlanValidationStep>(name, Components.Plan, null, grade);

    /// <summary>A component grader of each invocation of the nested agent <paramref name="agentName"/> (a specialist, a participant), component <c>agent:&lt;name&gt;</c>.</summary>
    /// <param name="agentName">The agent's name in the run.</param>
    /// <param name="grade">Decides for one invocation (its input, answer text, status and steps).</param>
    /// <param name="name">The grader's name (default: the agent's name).</param>
    /// <param name="optional">Whether a run that never invoked it passes.</param>
    public static Grader<TInput, TOutput> ForAgent<TInput, TOutput>(string agentName, Func<EvalCase<TInput, TOutput>, AgentInvocationStep, CheckResult> grade, string? name = null, bool optional = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        return Grader.ForSteps<TInput, TOutput, AgentInvocationStep>(name ?? agentName, Components.Agent(agentName), (_, s) => s.AgentName == agentName, grade, optional);
    }

    /// <summary>Finds a tool call's or plan step's tool name and arguments, whichever the step is.</summary>
    internal static bool IsCallOf(TraceStep step, string toolName, out string? arguments, out bool succeeded)
    {
        switch (step)
        {
            case ToolCallStep call when call.ToolName == toolName:
                arguments = call.Arguments;
                succeeded = !call.IsError;
                return true;
            case PlanStepCall planStep when planStep.ToolName == toolName:
                arguments = planStep.Arguments;
                succeeded = planStep.Status == Planning.PlanStepStatus.Succeeded;
                return true;
            default:
                arguments = null;
                succeeded = false;
                return false;
        }
    }

    private static bool TryParse(string text, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    // The first place where two JSON values differ, with its path; null when they are equal.
    private static ToolError? FirstDifference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind
            && !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return new ToolError(path, $"expected {Shorten(expected.GetRawText())}, got {Shorten(actual.GetRawText())}");
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expected.EnumerateObject())
                {
                    var child = path + "." + property.Name;
                    if (!actual.TryGetProperty(property.Name, out var value))
                    {
                        return new ToolError(child, "missing");
                    }
                    if (FirstDifference(property.Value, value, child) is { } difference)
                    {
                        return difference;
                    }
                }
                foreach (var property in actual.EnumerateObject())
                {
                    if (!expected.TryGetProperty(property.Name, out _))
                    {
                        return new ToolError(path + "." + property.Name, "not expected");
                    }
                }
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return new ToolError(path, $"expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                }
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    if (FirstDifference(expected[i], actual[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }
                return null;
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : new ToolError(path, $"expected {expected.GetRawText()}, got {actual.GetRawText()}");
            default:
                return JsonElement.DeepEquals(expected, actual) ? null : new ToolError(path, $"expected {Shorten(expected.GetRawText())}, got {Shorten(actual.GetRawText())}");
        }
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private sealed class CalledToolGrader<TInput, TOutput>(string toolName, Func<EvalCase<TInput, TOutput>, JsonElement, bool>? arguments)
        : Grader<TInput, TOutput>("called " + toolName, Components.Tool(toolName))
    {
        public override ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            TraceNode? first = null;
            foreach (var node in context.Steps)
            {
                if (!IsCallOf(node.Step, toolName, out var json, out var succeeded))
                {
                    continue;
                }
                first ??= node;
                if (succeeded && (arguments is null || Accepts(context.Case, json)))
                {
                    return new([Grade.From(Name, Component, CheckResult.Pass(), node)]);
                }
            }
            var result = first is null
                ? CheckResult.Fail($"never called {toolName}")
                : CheckResult.Fail(arguments is null ? $"no call of {toolName} succeeded" : $"no successful call of {toolName} had the expected arguments");
            return new([Grade.From(Name, Component, result, first)]);
        }

        private bool Accepts(EvalCase<TInput, TOutput> c, string? json)
        {
            if (json is null)
            {
                return false;
            }
            using var document = JsonDocument.Parse(json);
            return arguments!(c, document.RootElement);
        }
    }

    private sealed class NeverCalledGrader<TInput, TOutput>(string name, HashSet<string> toolNames, string what)
        : Grader<TInput, TOutput>(name, Components.Answer)
    {
        public override ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            foreach (var node in context.Steps)
            {
                var tool = node.Step switch
                {
                    ToolCallStep call => call.ToolName,
                    PlanStepCall step when step.Status != Planning.PlanStepStatus.Skipped => step.ToolName,
                    _ => null,
                };
                if (tool is not null && toolNames.Contains(tool))
                {
                    var grade = Grade.From(Name, Components.Tool(tool), CheckResult.Fail($"called {what}, {tool}"), node);
                    return new([grade]);
                }
            }
            return new([Grade.From(Name, Component, CheckResult.Pass())]);
        }
    }

    private sealed class MaxModelCallsGrader<TInput, TOutput>(int limit) : Grader<TInput, TOutput>("max_model_calls", Components.Answer)
    {
        public override ValueTask<IReadOnlyList<Grade>> GradeAsync(GradingContext<TInput, TOutput> context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var calls = context.Steps.Count(n => n.Step is ModelCallStep);
            var result = calls <= limit ? CheckResult.Pass() : CheckResult.Fail($"made {calls} model calls, over the limit of {limit}");
            return new([Grade.From(Name, Component, result)]);
        }
    }
}
