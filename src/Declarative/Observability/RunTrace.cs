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

    /// <summary>The agent invocations of the run, at any depth (a specialist's under its manager's tool call, a participant's in a composition), in the order they started.</summary>
    [JsonIgnore]
    public IEnumerable<AgentInvocationStep> AgentInvocations => Invocations(Steps);

    private static IEnumerable<AgentInvocationStep> Invocations(IReadOnlyList<TraceStep> steps)
    {
        foreach (var step in steps)
        {
            var invocation = step as AgentInvocationStep ?? (step as ToolCallStep)?.Agent;
            if (invocation is null)
            {
                continue;
            }
            yield return invocation;
            foreach (var nested in Invocations(invocation.Steps))
            {
                yield return nested;
            }
        }
    }

    /// <summary>
    /// Each agent's own share of the run: its invocations, model calls, tokens, cost and time, the run's own
    /// top-level agent first (when it called a model itself), then the others in the order they first ran.
    /// A single-agent run has one line.
    /// </summary>
    public IReadOnlyList<AgentTotal> AgentTotals()
    {
        var order = new List<string>();
        var totals = new Dictionary<string, (int Invocations, int Calls, UsageTotals Usage, decimal Cost, bool Unpriced, TimeSpan Duration)>(StringComparer.Ordinal);
        void Add(string name, IReadOnlyList<TraceStep> steps, TimeSpan duration, bool invoked)
        {
            if (!totals.TryGetValue(name, out var total))
            {
                order.Add(name);
            }
            total.Invocations += invoked ? 1 : 0;
            total.Duration += duration;
            foreach (var step in steps)
            {
                if (step is ModelCallStep { Error: null } call)
                {
                    total.Calls++;
                    total.Usage += call.Usage;
                    total.Unpriced |= call.Cost is null;
                    total.Cost += call.Cost ?? 0m;
                }
            }
            totals[name] = total;
            foreach (var step in steps)
            {
                if ((step as AgentInvocationStep ?? (step as ToolCallStep)?.Agent) is { } invocation)
                {
                    Add(invocation.AgentName, invocation.Steps, invocation.Duration, invoked: true);
                }
            }
        }
        Add(AgentName, Steps, Duration, invoked: true);
        var lines = new List<AgentTotal>(order.Count);
        foreach (var name in order)
        {
            var t = totals[name];
            if (name == AgentName && t.Calls == 0 && order.Count > 1)
            {
                // A composition calls no model itself: its agents are the lines.
                continue;
            }
            lines.Add(new AgentTotal(name, t.Invocations, t.Calls, t.Usage, t.Unpriced ? null : t.Cost, t.Duration));
        }
        return lines;
    }

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
            + AgentLines();
    }

    // A run with several agents: one line per agent, its own share, the most expensive first (by cost, else by tokens).
    private string AgentLines()
    {
        if (!AgentInvocations.Any())
        {
            return "";
        }
        var lines = AgentTotals()
            .OrderByDescending(t => t.Cost ?? -1m)
            .ThenByDescending(t => t.Usage.TotalTokens)
            .Select(t => $"  {t.AgentName}: cost {(t.Cost is { } c ? c.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}, "
                + $"{t.Usage.TotalTokens} tokens ({t.Usage.InputTokens} in, {t.Usage.OutputTokens} out), {t.ModelCalls} model calls, "
                + $"{t.Invocations} {(t.Invocations == 1 ? "invocation" : "invocations")}, {t.Duration.TotalMilliseconds:0} ms");
        return Environment.NewLine + "agents (each one's own share, most expensive first):" + Environment.NewLine + string.Join(Environment.NewLine, lines);
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
