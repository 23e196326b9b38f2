using System.Text.Json;
using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>
/// The record of one agent run: every model call and tool call in the order they happened,
/// with totals. Serializes to JSON and back (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
/// <remarks>
/// A trace is a value: a runner builds it while the run goes on and publishes it when the run ends;
/// from then on nothing changes it, not even a tool that is still winding down after a time-out.
/// </remarks>
public sealed class RunTrace
{
    /// <summary>The agent that ran.</summary>
    public required string AgentName { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How the run ended.</summary>
    public AgentRunStatus Status { get; init; }

    /// <summary>Why the run ended, in words (null when it completed normally).</summary>
    public string? Reason { get; init; }

    /// <summary>The steps, in the order they started.</summary>
    public IReadOnlyList<TraceStep> Steps { get; init; } = [];

    /// <summary>Token usage over all model calls.</summary>
    public UsageTotals Usage { get; init; } = UsageTotals.Zero;

    /// <summary>The cost over all model calls, or null when some model had no price.</summary>
    public decimal? Cost { get; init; }

    /// <summary>The model calls.</summary>
    [JsonIgnore]
    public IEnumerable<ModelCallStep> ModelCalls => Steps.OfType<ModelCallStep>();

    /// <summary>The tool calls.</summary>
    [JsonIgnore]
    public IEnumerable<ToolCallStep> ToolCalls => Steps.OfType<ToolCallStep>();

    /// <summary>The executed (or skipped) steps of plans.</summary>
    [JsonIgnore]
    public IEnumerable<PlanStepCall> PlanSteps => Steps.OfType<PlanStepCall>();

    /// <summary>Writes the trace as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TraceJsonContext.Default.RunTrace);

    /// <summary>Reads a trace written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a trace.</exception>
    public static RunTrace FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, TraceJsonContext.Default.RunTrace)
            ?? throw new JsonException("The JSON text is null, not a trace.");
    }

    /// <summary>A few lines for people: steps, tokens, latency and cost.</summary>
    public string Summarize()
    {
        var models = ModelCalls.ToList();
        var tools = ToolCalls.ToList();
        var planSteps = PlanSteps.ToList();
        var cost = Cost is { } c ? c.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : "n/a (no price for the model)";
        return string.Join(Environment.NewLine,
            $"status: {Status}{(Reason is null ? "" : " (" + Reason + ")")}",
            $"steps: {Steps.Count} ({models.Count} model calls, {tools.Count} tool calls, {tools.Count(t => t.IsError)} tool errors"
                + (planSteps.Count > 0 ? $", {planSteps.Count} plan steps, {planSteps.Count(p => p.Status != Planning.PlanStepStatus.Succeeded)} not succeeded" : "") + ")",
            $"tokens: {Usage.InputTokens} in ({Usage.CachedInputTokens} cached), {Usage.OutputTokens} out",
            $"latency: {Duration.TotalMilliseconds:0} ms total; model {models.Sum(m => m.Duration.TotalMilliseconds):0} ms, tools {tools.Sum(t => t.Duration.TotalMilliseconds):0} ms"
                // Plan steps run in parallel, so their durations add up to more than the time they took.
                + (planSteps.Count > 0 ? $", plan steps {planSteps.Sum(p => p.Duration.TotalMilliseconds):0} ms (summed over steps that may overlap)" : ""),
            $"cost: {cost}")
            + SideEffectsLine(planSteps)
            + AgentsLine();
    }

    /// <summary>
    /// Every agent run in the tree, nested ones included, in the order they started: a composition's stages, branches
    /// and turns, a manager's specialists and theirs.
    /// </summary>
    [JsonIgnore]
    public IEnumerable<AgentInvocationStep> AgentRuns => AgentRunsIn(Steps);

    private static IEnumerable<AgentInvocationStep> AgentRunsIn(IReadOnlyList<TraceStep> steps)
    {
        foreach (var step in steps)
        {
            if (step is AgentInvocationStep run)
            {
                yield return run;
                foreach (var nested in AgentRunsIn(run.Steps))
                {
                    yield return nested;
                }
            }
        }
    }

    // One line per agent of a run of several, so the expensive one is obvious: its runs, tokens and cost. A nested
    // agent's spending is in its own line and in its caller's.
    private string AgentsLine()
    {
        var byAgent = AgentRuns.GroupBy(a => a.AgentName, StringComparer.Ordinal).ToList();
        if (byAgent.Count == 0)
        {
            return "";
        }
        var lines = byAgent.Select(g =>
        {
            var tokens = g.Sum(a => a.Usage.TotalTokens);
            var money = g.All(a => a.Cost is not null) ? g.Sum(a => a.Cost!.Value).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
            return $"  {g.Key}: {g.Count()} run(s), {tokens} tokens, cost {money}";
        });
        return Environment.NewLine + "agents:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }

    // Independent steps with side effects run one at a time by default; a summary that only said
    // "8 plan steps" would leave a reader wondering why they took eight times one step's time.
    private static string SideEffectsLine(List<PlanStepCall> planSteps)
    {
        var serialized = planSteps.Count(p => p.SerializedSideEffect);
        return serialized < 2
            ? ""
            : Environment.NewLine + $"plan: {serialized} steps serialised: side effects (tools not ReadOnly run one at a time; PlanExecutionOptions.SerializeSideEffects = false lets independent ones run together)";
    }
}
