using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Declarative.Planning;

// One step of a plan's execution: its references resolved, its approval, the shared tool-call step with
// retries for read-only tools, and its trace record and span.
public sealed partial class PlanExecutor
{
    private sealed partial class Run
    {
        private async Task RunStepAsync(int index, CancellationToken stop, CancellationToken caller)
        {
            // Let the scheduler start the other ready steps before this one does any work.
            await Task.Yield();
            var step = _plan.Steps[index];
            var result = _results[index];
            var descriptor = _owner._descriptors.GetValueOrDefault(step.Tool);
            var begun = Clock.Timestamp();
            result.StartOffset = Clock.Elapsed(_started, begun);
            var traceIndex = _trace.Reserve();
            // The span covers the whole step: resolving references, approval, and every attempt.
            using var activity = ToolActivity.Start(step.Tool, step.Id, arguments: null);
            activity?.SetTag("declarative.plan.step.id", step.Id);
            bool? approved = null;
            try
            {
                approved = await RunCoreAsync(step, result, descriptor, stop, caller).ConfigureAwait(false);
            }
            finally
            {
                if (result.Status == PlanStepStatus.Pending)
                {
                    // The caller's cancellation (or a plan run's time limit) cut the step short.
                    Fail(result, PlanStepStatus.Cancelled, "the run was cancelled or ran out of time before the step finished", []);
                }
                result.Duration = Clock.Elapsed(begun);
                var resultText = result.Succeeded ? result.Result?.ToString() : null;
                // Values marked [Sensitive] are redacted from what the trace and spans record.
                var recordedArguments = descriptor is { SensitiveArguments.Count: > 0 } && result.Arguments is { } plain
                    ? Redaction.Arguments(descriptor, Encoding.UTF8.GetBytes(plain))
                    : result.Arguments;
                if (descriptor is not null && resultText is not null)
                {
                    resultText = Redaction.Result(descriptor, resultText);
                }
                _trace.Fill(new PlanStepCall
                {
                    Index = traceIndex,
                    StepId = step.Id,
                    ToolName = step.Tool,
                    Dependencies = step.Dependencies,
                    Iteration = _iteration,
                    StartedAt = _trace.TimeAt(begun),
                    Duration = result.Duration,
                    Status = result.Status,
                    Errors = result.Errors,
                    Reason = result.Reason,
                    Attempts = result.Attempts,
                    Arguments = recordedArguments,
                    Result = resultText,
                    Approved = approved,
                    SerializedSideEffect = Options.SerializeSideEffects && !IsReadOnly(index),
                });
                if (activity is not null && Options.RecordContent)
                {
                    activity.SetTag(DeclarativeTelemetry.Tags.ToolCallArguments, recordedArguments);
                }
                ToolActivity.End(activity, result.Succeeded ? null : result.Status.ToString(), result.Reason, Options.RecordContent ? resultText : null);
            }
        }

        // Runs one step; returns the approval decision, for tools that require one.
        private async Task<bool?> RunCoreAsync(PlanStep step, PlanStepResult result, ToolDescriptor? descriptor,
                                               CancellationToken stop, CancellationToken caller)
        {
            var argumentsRoot = JsonPath.Index("$.steps", step.Index) + ".arguments";
            if (!TryResolveArguments(step, out var arguments, out var referenceError))
            {
                Fail(result, PlanStepStatus.Failed, "a reference could not be resolved", [referenceError!]);
                return null;
            }
            result.Arguments = Encoding.UTF8.GetString(arguments);

            bool? approval = null;
            if (descriptor is { RequiresApproval: true } && !_approvedAsWhole)
            {
                var (approved, why) = await ApproveCallAsync(step, descriptor, result.Arguments, caller).ConfigureAwait(false);
                approval = approved;
                if (!approved)
                {
                    Fail(result, PlanStepStatus.Denied, "approval was denied" + (string.IsNullOrEmpty(why) ? "" : ": " + why), []);
                    return approval;
                }
            }
            else if (descriptor is { RequiresApproval: true })
            {
                approval = true;
            }

            var retry = descriptor is { ReadOnly: true } ? Options.Retry : PlanRetryPolicy.None;
            var attempts = Math.Max(1, retry.MaxAttempts);
            for (var attempt = 1; ; attempt++)
            {
                result.Attempts = attempt;
                if (stop.IsCancellationRequested)
                {
                    caller.ThrowIfCancellationRequested();
                    Fail(result, PlanStepStatus.Cancelled, "the plan stopped before this step ran", []);
                    return approval;
                }
                ToolResult toolResult;
                bool timedOut;
                try
                {
                    // The shared tool-call step: the time limit, a tool that ignores its token, a tool set that throws.
                    var outcome = await ToolInvocation.InvokeAsync(_owner._tools, step.Tool, arguments, Options.ToolInvocation, Options.StepTimeout,
                        Clock, Clock.Timestamp(), stop).ConfigureAwait(false);
                    toolResult = outcome.Result;
                    timedOut = outcome.TimedOut;
                }
                catch (OperationCanceledException) when (!caller.IsCancellationRequested)
                {
                    Fail(result, PlanStepStatus.Cancelled, "cancelled because the plan fails fast", []);
                    return approval;
                }

                if (!toolResult.IsError)
                {
                    result.Status = PlanStepStatus.Succeeded;
                    result.Result = toolResult;
                    result.Reason = null;
                    result.Errors = [];
                    return approval;
                }
                result.Result = toolResult;
                var retryable = timedOut || toolResult.IsToolFailure;
                if (retryable && attempt < attempts && !stop.IsCancellationRequested)
                {
                    var delay = retry.Delay * Math.Pow(2, attempt - 1);
                    try
                    {
                        await Task.Delay(delay, Time, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!caller.IsCancellationRequested)
                    {
                    }
                    continue;
                }
                var root = toolResult.IsToolFailure || timedOut ? JsonPath.Index("$.steps", step.Index) : argumentsRoot;
                var errors = toolResult.Errors.Select(e => new ToolError(JsonPath.Under(root, e.Path), e.Message)).ToArray();
                Fail(result, timedOut ? PlanStepStatus.TimedOut : PlanStepStatus.Failed,
                    timedOut ? "timed out" : toolResult.IsToolFailure ? "the tool failed" : "the tool refused its arguments", errors);
                return approval;
            }
        }

        private static void Fail(PlanStepResult result, PlanStepStatus status, string reason, IReadOnlyList<ToolError> errors)
        {
            result.Status = status;
            result.Reason = reason;
            result.Errors = errors;
        }

        private async ValueTask<(bool Approved, string? Reason)> ApproveCallAsync(PlanStep step, ToolDescriptor tool, string arguments, CancellationToken cancellationToken)
        {
            var decision = await Approvals.DecideAsync(Options.ApprovalHandler, new ToolApprovalRequest(_name, tool, step.Id, arguments), cancellationToken).ConfigureAwait(false);
            return (decision.Approved, decision.Reason);
        }

        private bool TryResolveArguments(PlanStep step, out byte[] arguments, out ToolError? error)
        {
            error = null;
            if (step.References.Count == 0)
            {
                arguments = Encoding.UTF8.GetBytes(step.Arguments.GetRawText());
                return true;
            }
            var values = new byte[step.References.Count][];
            for (var i = 0; i < values.Length; i++)
            {
                var reference = step.References[i];
                var source = _results[_plan[reference.StepId].Index].Result!;
                var sourceValue = source.Value ?? NullElement;
                var buffer = new ArrayBufferWriter<byte>(64);
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
                {
                    if (!reference.TryResolve(sourceValue, writer, out var message))
                    {
                        error = new ToolError(JsonPath.Under(JsonPath.Index("$.steps", step.Index) + ".arguments", reference.ArgumentPath), message!);
                        arguments = [];
                        return false;
                    }
                }
                values[i] = buffer.WrittenSpan.ToArray();
            }
            arguments = PlanReference.WriteArguments(step.Arguments, (writer, i) => writer.WriteRawValue(values[i], skipInputValidation: true));
            return true;
        }

        private static readonly JsonElement NullElement = JsonElement.Parse(NullJson);
    }
}
