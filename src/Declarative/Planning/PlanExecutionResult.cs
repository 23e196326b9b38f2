using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Declarative.Planning;

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
