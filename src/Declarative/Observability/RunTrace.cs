using System.Text.Json;
using System.Text.Json.Serialization;

namespace Declarative;

/// <summary>
/// The record of one agent run: every model call and tool call in the order they happened,
/// with totals. Serializes to JSON and back (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// </summary>
public sealed class RunTrace
{
    /// <summary>The agent that ran.</summary>
    public required string AgentName { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>How the run ended.</summary>
    public AgentRunStatus Status { get; set; }

    /// <summary>Why the run ended, in words (null when it completed normally).</summary>
    public string? Reason { get; set; }

    /// <summary>The steps, in the order they started.</summary>
    public List<TraceStep> Steps { get; init; } = [];

    /// <summary>Token usage over all model calls.</summary>
    public UsageTotals Usage { get; set; } = UsageTotals.Zero;

    /// <summary>The cost over all model calls, or null when some model had no price.</summary>
    public decimal? Cost { get; set; }

    /// <summary>The model calls.</summary>
    [JsonIgnore]
    public IEnumerable<ModelCallStep> ModelCalls => Steps.OfType<ModelCallStep>();

    /// <summary>The tool calls.</summary>
    [JsonIgnore]
    public IEnumerable<ToolCallStep> ToolCalls => Steps.OfType<ToolCallStep>();

    /// <summary>The executed (or skipped) steps of plans.</summary>
    [JsonIgnore]
    public IEnumerable<PlanStepCall> PlanSteps => Steps.OfType<PlanStepCall>();

    /// <summary>
    /// Appends a step, numbering it by its position. Safe to call from steps running in parallel
    /// (plan steps); the agent loop, which adds steps from one place only, adds them directly.
    /// </summary>
    internal void Append(TraceStep step)
    {
        lock (Steps)
        {
            step.Index = Steps.Count;
            Steps.Add(step);
        }
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
            $"cost: {cost}");
    }
}

/// <summary>One step of a run.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ModelCallStep), "model_call")]
[JsonDerivedType(typeof(ToolCallStep), "tool_call")]
[JsonDerivedType(typeof(OutputValidationStep), "output_validation")]
[JsonDerivedType(typeof(PlanValidationStep), "plan_validation")]
[JsonDerivedType(typeof(PlanStepCall), "plan_step")]
public abstract class TraceStep
{
    /// <summary>The step's position in the run, from 0.</summary>
    public int Index { get; set; }

    /// <summary>The loop iteration (model turn) it belongs to, from 1.</summary>
    public int Iteration { get; set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; set; }
}

/// <summary>A call to the model.</summary>
public sealed class ModelCallStep : TraceStep
{
    /// <summary>The model id requested (or reported by the response).</summary>
    public string? Model { get; set; }

    /// <summary>Messages sent.</summary>
    public int RequestMessageCount { get; set; }

    /// <summary>Characters of text sent (instructions, history, tool results).</summary>
    public long RequestCharacters { get; set; }

    /// <summary>The text of the response.</summary>
    public string? ResponseText { get; set; }

    /// <summary>The call ids of the tool calls the model asked for.</summary>
    public IReadOnlyList<string> ToolCallIds { get; set; } = [];

    /// <summary>Why the model stopped: stop, length, tool_calls, content_filter.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Tokens used by this call.</summary>
    public UsageTotals Usage { get; set; } = UsageTotals.Zero;

    /// <summary>What this call cost, when the model has a price.</summary>
    public decimal? Cost { get; set; }

    /// <summary>The error, when the call failed.</summary>
    public string? Error { get; set; }
}

/// <summary>What happened to a tool call.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ToolCallOutcome>))]
public enum ToolCallOutcome
{
    /// <summary>The tool ran and returned a result.</summary>
    Succeeded,

    /// <summary>The arguments were refused, or the tool threw.</summary>
    Failed,

    /// <summary>The tool is unknown or outside the agent's scope; nothing ran.</summary>
    Refused,

    /// <summary>Approval was denied; nothing ran.</summary>
    Denied,

    /// <summary>The tool ran past its time limit and was cancelled.</summary>
    TimedOut,
}

/// <summary>A call to a tool.</summary>
public sealed class ToolCallStep : TraceStep
{
    /// <summary>The tool the model named.</summary>
    public required string ToolName { get; set; }

    /// <summary>The model's id for the call, echoed with the result.</summary>
    public required string CallId { get; set; }

    private string? _arguments;
    private byte[]? _argumentsUtf8;

    /// <summary>The arguments as JSON text (exactly as passed to the tool).</summary>
    public string Arguments
    {
        // Decoded on first read: most traces are summarized, not read call by call.
        get => _arguments ??= _argumentsUtf8 is null ? "{}" : System.Text.Encoding.UTF8.GetString(_argumentsUtf8);
        set
        {
            _arguments = value;
            _argumentsUtf8 = null;
        }
    }

    internal void SetArguments(byte[] utf8)
    {
        _argumentsUtf8 = utf8;
        _arguments = null;
    }

    /// <summary>The result as JSON text, on success.</summary>
    public string? Result { get; set; }

    /// <summary>The errors, when it failed.</summary>
    public IReadOnlyList<ToolError> Errors { get; set; } = [];

    /// <summary>What happened.</summary>
    public ToolCallOutcome Outcome { get; set; }

    /// <summary>Whether the call ended in an error of any kind.</summary>
    [JsonIgnore]
    public bool IsError => Outcome != ToolCallOutcome.Succeeded;

    /// <summary>The approval decision, for tools that require one.</summary>
    public bool? Approved { get; set; }

    /// <summary>Who or what decided, and why (from the approval handler).</summary>
    public string? ApprovalReason { get; set; }
}

/// <summary>A check of the model's typed output against the output schema.</summary>
public sealed class OutputValidationStep : TraceStep
{
    /// <summary>The text the model answered with.</summary>
    public string? Text { get; set; }

    /// <summary>The errors found; empty when valid.</summary>
    public IReadOnlyList<ToolError> Errors { get; set; } = [];

    /// <summary>Whether the output was valid.</summary>
    [JsonIgnore]
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A check of a plan the model wrote, before any of it ran.</summary>
public sealed class PlanValidationStep : TraceStep
{
    /// <summary>The plan text as the model wrote it.</summary>
    public string? Plan { get; set; }

    /// <summary>The errors found, each with its path in the plan; empty when valid.</summary>
    public IReadOnlyList<ToolError> Errors { get; set; } = [];

    /// <summary>Whether the plan was accepted.</summary>
    [JsonIgnore]
    public bool IsValid => Errors.Count == 0;
}

/// <summary>One step of a plan, executed (or skipped).</summary>
public sealed class PlanStepCall : TraceStep
{
    /// <summary>The step's id in the plan.</summary>
    public required string StepId { get; set; }

    /// <summary>The tool it called.</summary>
    public required string ToolName { get; set; }

    /// <summary>The arguments as passed, with references resolved; null when the step never got that far.</summary>
    public string? Arguments { get; set; }

    /// <summary>The result as JSON text, on success.</summary>
    public string? Result { get; set; }

    /// <summary>The errors, when it failed.</summary>
    public IReadOnlyList<ToolError> Errors { get; set; } = [];

    /// <summary>What happened.</summary>
    public Planning.PlanStepStatus Status { get; set; }

    /// <summary>How many times the tool was called (more than one only for retried read-only tools).</summary>
    public int Attempts { get; set; }

    /// <summary>The steps it waited for.</summary>
    public IReadOnlyList<string> Dependencies { get; set; } = [];

    /// <summary>The approval decision, for tools that require one.</summary>
    public bool? Approved { get; set; }

    /// <summary>Why it was skipped, denied or failed, in words.</summary>
    public string? Reason { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunTrace))]
internal sealed partial class TraceJsonContext : JsonSerializerContext;
