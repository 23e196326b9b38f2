using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Declarative.Planning;

/// <summary>What happened to one step of a plan.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanStepStatus>))]
public enum PlanStepStatus
{
    /// <summary>Not run yet (only seen while a plan is running).</summary>
    Pending,

    /// <summary>The tool ran and returned a result.</summary>
    Succeeded,

    /// <summary>The tool failed, its arguments were refused, or a reference could not be resolved.</summary>
    Failed,

    /// <summary>The tool ran past the step time limit and was cancelled.</summary>
    TimedOut,

    /// <summary>Approval was denied (or there was no one to ask); the tool did not run.</summary>
    Denied,

    /// <summary>Not run, because a step it depends on did not succeed (or the plan stopped early).</summary>
    Skipped,

    /// <summary>Stopped while running, because another step failed under <see cref="PlanExecutionOptions.FailFast"/>.</summary>
    Cancelled,
}

/// <summary>How a plan's execution ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanExecutionStatus>))]
public enum PlanExecutionStatus
{
    /// <summary>Every step succeeded.</summary>
    Completed,

    /// <summary>At least one step did not succeed; see each step's status.</summary>
    Failed,

    /// <summary>The plan as a whole was not approved; nothing ran.</summary>
    Denied,
}

/// <summary>When approval-required tools in a plan are approved.</summary>
public enum PlanApprovalMode
{
    /// <summary>Each call is approved just before it runs, by <see cref="PlanExecutionOptions.ApprovalHandler"/>.</summary>
    PerCall,

    /// <summary>
    /// The whole plan is reviewed once before anything runs, by <see cref="PlanExecutionOptions.PlanApprovalHandler"/>;
    /// once approved, its calls run without asking again.
    /// </summary>
    WholePlan,
}

/// <summary>A plan waiting for approval: the plan, and the steps that need it.</summary>
/// <param name="AgentName">The agent (or caller) that wants to run it.</param>
/// <param name="Plan">The validated plan.</param>
/// <param name="StepsRequiringApproval">The steps whose tools require approval.</param>
public sealed record PlanApprovalRequest(string AgentName, Plan Plan, IReadOnlyList<PlanStep> StepsRequiringApproval);

/// <summary>Decides whether a whole plan may run: a person reviewing it once, or a policy.</summary>
public interface IPlanApprovalHandler
{
    /// <summary>Decides on the plan.</summary>
    /// <param name="request">The plan and its approval-required steps.</param>
    /// <param name="cancellationToken">Cancelled when the run is.</param>
    ValueTask<ToolApprovalDecision> DecideAsync(PlanApprovalRequest request, CancellationToken cancellationToken);
}

/// <summary>A plan approval handler from a delegate.</summary>
/// <param name="decide">The decision function.</param>
public sealed class DelegatePlanApprovalHandler(Func<PlanApprovalRequest, CancellationToken, ValueTask<ToolApprovalDecision>> decide) : IPlanApprovalHandler
{
    /// <inheritdoc/>
    public ValueTask<ToolApprovalDecision> DecideAsync(PlanApprovalRequest request, CancellationToken cancellationToken)
        => decide(request, cancellationToken);
}

/// <summary>How failed calls of read-only tools are retried. Tools with side effects never run twice.</summary>
public sealed record PlanRetryPolicy
{
    /// <summary>No retries.</summary>
    public static PlanRetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Calls per step at most, the first included. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one. Default 100 ms.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>How a plan runs: parallelism, failure handling, retries, time limits and approvals.</summary>
public sealed record PlanExecutionOptions
{
    /// <summary>The defaults.</summary>
    public static PlanExecutionOptions Default { get; } = new();

    /// <summary>Most steps running at once. Default 8.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 8;

    /// <summary>
    /// Run steps whose tools have side effects (not <see cref="ToolAttribute.ReadOnly"/>) one at a time,
    /// in plan order among those ready, as the agent loop does. Read-only steps still run beside them. Default true.
    /// </summary>
    public bool SerializeSideEffects { get; init; } = true;

    /// <summary>
    /// On the first failed step, cancel the steps still running and start no more. Default false:
    /// only the failed step's dependents are skipped, and independent branches finish.
    /// </summary>
    public bool FailFast { get; init; }

    /// <summary>Retries for read-only tools that threw or timed out. Default <see cref="PlanRetryPolicy.None"/>.</summary>
    public PlanRetryPolicy Retry { get; init; } = PlanRetryPolicy.None;

    /// <summary>Time limit per call; the tool's token is cancelled. Default none.</summary>
    public TimeSpan? StepTimeout { get; init; }

    /// <summary>When approval-required tools are approved. Default <see cref="PlanApprovalMode.PerCall"/>.</summary>
    public PlanApprovalMode ApprovalMode { get; init; } = PlanApprovalMode.PerCall;

    /// <summary>Decides on each call under <see cref="PlanApprovalMode.PerCall"/>. Without one, such calls are denied.</summary>
    public IToolApprovalHandler? ApprovalHandler { get; init; }

    /// <summary>Reviews the plan under <see cref="PlanApprovalMode.WholePlan"/>. Without one, plans needing approval are denied.</summary>
    public IPlanApprovalHandler? PlanApprovalHandler { get; init; }

    /// <summary>Argument limits and exception detail for each call.</summary>
    public ToolInvocationOptions ToolInvocation { get; init; } = ToolInvocationOptions.Default;

    /// <summary>Record arguments and results on OpenTelemetry activities. Off by default (they may hold personal data).</summary>
    public bool RecordContent { get; init; }

    /// <summary>
    /// The clock for step time limits, retry delays and the trace's times. Default <see cref="TimeProvider.System"/>;
    /// tests pass a fake one to drive time-outs without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>The outcome of one step.</summary>
public sealed class PlanStepResult
{
    internal PlanStepResult(PlanStep step) => Step = step;

    /// <summary>The step.</summary>
    public PlanStep Step { get; }

    /// <summary>The step's id.</summary>
    public string Id => Step.Id;

    /// <summary>What happened.</summary>
    public PlanStepStatus Status { get; internal set; }

    /// <summary>The tool's result when it ran (its value on success, its errors on failure).</summary>
    public ToolResult? Result { get; internal set; }

    /// <summary>The errors, when the step failed, timed out or was denied; paths are in the plan (<c>$.steps[1].arguments.x</c>).</summary>
    public IReadOnlyList<ToolError> Errors { get; internal set; } = [];

    /// <summary>Why the step did not succeed, in words.</summary>
    public string? Reason { get; internal set; }

    /// <summary>The arguments as passed to the tool, with references resolved.</summary>
    public string? Arguments { get; internal set; }

    /// <summary>Calls made (0 when it never ran; more than 1 for retried read-only tools).</summary>
    public int Attempts { get; internal set; }

    /// <summary>When it started, from the start of the plan.</summary>
    public TimeSpan StartOffset { get; internal set; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Whether it succeeded.</summary>
    public bool Succeeded => Status == PlanStepStatus.Succeeded;

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Step.Tool}): {Status}" + (Reason is null ? "" : " - " + Reason);
}

/// <summary>The outcome of running a plan: every step's status and result, in plan order.</summary>
public sealed class PlanExecutionResult
{
    private readonly Dictionary<string, PlanStepResult> _byId;

    internal PlanExecutionResult(Plan plan, PlanExecutionStatus status, IReadOnlyList<PlanStepResult> steps, TimeSpan duration, string? reason, RunTrace trace)
    {
        Trace = trace;
        Plan = plan;
        Status = status;
        Steps = steps;
        Duration = duration;
        Reason = reason;
        _byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>The plan that ran.</summary>
    public Plan Plan { get; }

    /// <summary>
    /// This execution's steps as a trace (one <see cref="PlanStepCall"/> per step, executed or skipped),
    /// named after the agent or the name given to <see cref="PlanExecutor.ExecuteAsync(Plan, string, CancellationToken)"/>.
    /// Inside a <see cref="PlanRunner"/> run the same steps are also in the run's trace, between its model calls.
    /// </summary>
    public RunTrace Trace { get; }

    /// <summary>How it ended.</summary>
    public PlanExecutionStatus Status { get; }

    /// <summary>Why, when it did not complete.</summary>
    public string? Reason { get; }

    /// <summary>Each step's outcome, in plan order.</summary>
    public IReadOnlyList<PlanStepResult> Steps { get; }

    /// <summary>Wall-clock time of the whole execution, from setting it up (and any whole-plan approval) to the last step's end.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Whether every step succeeded.</summary>
    public bool IsSuccess => Status == PlanExecutionStatus.Completed;

    /// <summary>A step's outcome by id.</summary>
    /// <param name="id">The step's id.</param>
    public PlanStepResult this[string id] => _byId[id];

    /// <summary>A succeeded step's result value (null for tools that return nothing).</summary>
    /// <param name="id">The step's id.</param>
    /// <exception cref="InvalidOperationException">The step did not succeed.</exception>
    public JsonElement? ValueOf(string id)
    {
        var step = this[id];
        return step.Succeeded ? step.Result!.Value : throw new InvalidOperationException($"Step '{id}' did not succeed ({step.Status}).");
    }

    /// <summary>A succeeded step's result as <typeparamref name="T"/>, read with source-generated metadata (AOT-safe).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="id">The step's id.</param>
    /// <param name="typeInfo">Metadata for <typeparamref name="T"/>, from a <see cref="JsonSerializerContext"/>.</param>
    public T? ValueOf<T>(string id, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var step = this[id];
        return step.Succeeded
            ? JsonSerializer.Deserialize(step.Result!.Utf8Json.Span, typeInfo)
            : throw new InvalidOperationException($"Step '{id}' did not succeed ({step.Status}).");
    }

    /// <summary>
    /// A report for a model: one line per step with its status, and its result or errors; results
    /// longer than <paramref name="maxResultCharacters"/> are cut.
    /// </summary>
    /// <param name="maxResultCharacters">Longest result text per step.</param>
    public string Describe(int maxResultCharacters = 4000)
    {
        var builder = new StringBuilder();
        foreach (var step in Steps)
        {
            builder.Append("- ").Append(step.Id).Append(" (").Append(step.Step.Tool).Append("): ").Append(step.Status.ToString().ToLowerInvariant());
            if (step.Succeeded)
            {
                var text = step.Result!.ToString();
                builder.Append(" -> ").Append(text.Length <= maxResultCharacters ? text : text[..maxResultCharacters] + "… (cut)");
            }
            else if (step.Reason is not null)
            {
                builder.Append(": ").Append(step.Reason);
            }
            foreach (var error in step.Errors)
            {
                builder.Append("\n    ").Append(error);
            }
            builder.Append('\n');
        }
        return builder.ToString().TrimEnd();
    }
}
