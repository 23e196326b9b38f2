using System.Diagnostics;
using System.Text;
using Declarative.Guardrails;
using Microsoft.Extensions.AI;

namespace Declarative;

// Guardrails on the loop's three hooks: the user's input (before, or beside, the first model call), each
// tool call (after its arguments were read, before it runs) and the final answer (before it is returned).
public sealed partial class AgentRunner
{
    /// <summary>A run's guardrails by kind: the agent's own, then the options'.</summary>
    private sealed class RunGuardrails
    {
        public static readonly RunGuardrails None = new([]);

        public RunGuardrails(IReadOnlyList<Guardrail> all)
        {
            foreach (var guardrail in all)
            {
                (guardrail.Kind switch
                {
                    GuardrailKind.Input => guardrail.Concurrent ? ConcurrentInput : Input,
                    GuardrailKind.Output => Output,
                    _ => Tool,
                }).Add(guardrail);
            }
        }

        public List<Guardrail> Input { get; } = [];

        public List<Guardrail> ConcurrentInput { get; } = [];

        public List<Guardrail> Output { get; } = [];

        public List<Guardrail> Tool { get; } = [];

        public static RunGuardrails Of(IAgent agent, AgentRunOptions options)
        {
            var own = (agent as IGuardedAgent)?.Guardrails;
            var extra = options.Guardrails;
            if ((own is null || own.Count == 0) && extra.Count == 0)
            {
                return None;
            }
            return new RunGuardrails([.. own ?? [], .. extra]);
        }
    }

    /// <summary>
    /// What ended the run from inside a turn, for the loop to act on: a tool guardrail that tripped, or a
    /// coordination safeguard (a delegation loop, the limit on agent invocations) with its own status.
    /// </summary>
    private sealed record TrippedGuardrail(string Reason, AgentRunStatus Status = AgentRunStatus.GuardrailTripped);

    // Runs guardrails of one hook together; records each; returns the first trip (in declaration order), or null.
    private static async Task<(Guardrail Guardrail, GuardrailResult Result)?> CheckAsync(IReadOnlyList<Guardrail> guardrails, GuardrailSubject subject,
                                                                                       RunState run, int iteration, string? callId, CancellationToken cancellationToken)
    {
        var places = new int[guardrails.Count];
        for (var i = 0; i < places.Length; i++)
        {
            places[i] = run.Trace.Reserve();
        }
        var checks = new Task<GuardrailResult>[guardrails.Count];
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i] = CheckOneAsync(guardrails[i], subject, run, places[i], iteration, callId, cancellationToken);
        }
        var results = await Task.WhenAll(checks).ConfigureAwait(false);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Tripped)
            {
                return (guardrails[i], results[i]);
            }
        }
        return null;
    }

    private static async Task<GuardrailResult> CheckOneAsync(Guardrail guardrail, GuardrailSubject subject, RunState run, int place, int iteration, string? callId,
                                                             CancellationToken cancellationToken)
    {
        using var activity = DeclarativeTelemetry.ActivitySource.HasListeners()
            ? DeclarativeTelemetry.ActivitySource.StartActivity("guardrail " + guardrail.Name, ActivityKind.Internal)
            : null;
        activity?.SetTag(DeclarativeTelemetry.Tags.OperationName, "guardrail");
        activity?.SetTag("declarative.guardrail.kind", guardrail.Kind.ToString());
        var started = run.Clock.Timestamp();
        GuardrailResult result;
        try
        {
            result = await guardrail.CheckAsync(subject, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            run.Trace.Fill(new GuardrailStep
            {
                Index = place, Iteration = iteration, StartedAt = run.Trace.TimeAt(started), Duration = run.Clock.Elapsed(started),
                Name = guardrail.Name, Stage = guardrail.Kind, CallId = callId, Reason = "cancelled",
            });
            throw;
        }
        run.Trace.Fill(new GuardrailStep
        {
            Index = place,
            Iteration = iteration,
            StartedAt = run.Trace.TimeAt(started),
            Duration = run.Clock.Elapsed(started),
            Name = guardrail.Name,
            Stage = guardrail.Kind,
            CallId = callId,
            Tripped = result.Tripped,
            Reason = result.Reason,
            AsFeedback = result.Tripped && result.AsFeedback,
        });
        if (result.Tripped)
        {
            activity?.SetTag("declarative.guardrail.tripped", true);
            activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
        }
        return result;
    }

    private static string Tripped(Guardrail guardrail, GuardrailResult result, string where)
        => $"guardrail '{guardrail.Name}' tripped on {where}: {result.Reason}";

    // The user's input, as input guardrails see it: the text of the last user message.
    private static string InputText(List<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                return messages[i].Text;
            }
        }
        return "";
    }

    /// <summary>
    /// Input guardrails that run before the first model call. Returns the reason the run must end, or null;
    /// a guardrail that gives feedback adds it to the conversation instead.
    /// </summary>
    private static async Task<string?> GuardInputAsync(RunState run, CancellationToken cancellationToken)
    {
        var rails = run.Guardrails.Input;
        if (await CheckAsync(rails, new GuardrailSubject(InputText(run.Messages), null, null), run, 1, null, cancellationToken).ConfigureAwait(false) is not { } trip)
        {
            return null;
        }
        if (trip.Result.AsFeedback)
        {
            run.Messages.Add(new ChatMessage(ChatRole.User, $"Note from the '{trip.Guardrail.Name}' check on this request: {trip.Result.Reason}"));
            return null;
        }
        return Tripped(trip.Guardrail, trip.Result, "the input");
    }

    /// <summary>
    /// The first model call with the concurrent input guardrails beside it: a trip cancels the call.
    /// Returns the reason the run must end (then no response), or the response.
    /// </summary>
    private static async ValueTask<(ChatResponse? Response, ResponseToolCalls Calls, long HandOff, string? Tripped)> CallModelBesideGuardrailsAsync(
        ChatOptions chatOptions, RunState run, CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subject = new GuardrailSubject(InputText(run.Messages), null, null);
        var guarding = GuardConcurrentlyAsync(run.Guardrails.ConcurrentInput, subject, run, call, cancellationToken);
        try
        {
            var (response, calls, _) = await run.Model.InvokeAsync(run.Messages, chatOptions, run.Trace, 1, 0, call.Token).ConfigureAwait(false);
            // The answer is not acted on until every guardrail beside it has passed.
            if (await guarding.ConfigureAwait(false) is { } reason)
            {
                return (null, default, 0, reason);
            }
            return (response, calls, 0, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && call.IsCancellationRequested)
        {
            return (null, default, 0, await guarding.ConfigureAwait(false));
        }
        catch
        {
            await call.CancelAsync().ConfigureAwait(false);
            try
            {
                await guarding.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            throw;
        }
    }

    private static async Task<string?> GuardConcurrentlyAsync(IReadOnlyList<Guardrail> rails, GuardrailSubject subject, RunState run, CancellationTokenSource call,
                                                            CancellationToken cancellationToken)
    {
        var trip = await CheckAsync(rails, subject, run, 1, null, cancellationToken).ConfigureAwait(false);
        if (trip is not { } tripped)
        {
            return null;
        }
        // A concurrent guardrail cannot turn into feedback: the request is already with the model.
        await call.CancelAsync().ConfigureAwait(false);
        return Tripped(tripped.Guardrail, tripped.Result, "the input");
    }

    /// <summary>
    /// Output guardrails on the final answer. Returns null when it may be returned; otherwise either the
    /// reason the run must end, or feedback for the model (and the loop goes on).
    /// </summary>
    private static async Task<(string? Ends, string? Feedback)> GuardOutputAsync(RunState run, string? text, object? value, int iteration, CancellationToken cancellationToken)
    {
        if (await CheckAsync(run.Guardrails.Output, new GuardrailSubject(text, value, null), run, iteration, null, cancellationToken).ConfigureAwait(false) is not { } trip)
        {
            return (null, null);
        }
        return trip.Result.AsFeedback
            ? (null, $"Your answer was not accepted by the '{trip.Guardrail.Name}' check: {trip.Result.Reason}\nAnswer again.")
            : (Tripped(trip.Guardrail, trip.Result, "the answer"), null);
    }

    /// <summary>
    /// Tool guardrails on one call whose arguments the tool's reader accepts. Returns null when the call may
    /// run; otherwise the result the model gets instead (the tool does not run). A trip that ends the run is
    /// left in <see cref="RunState.Stopped"/> for the loop.
    /// </summary>
    private static async ValueTask<CallResult?> GuardToolAsync(FunctionCallContent call, ToolDescriptor tool, CallSlot slot, RunState run, byte[] arguments,
                                                               CancellationToken cancellationToken)
    {
        var rails = run.Guardrails.Tool.FindAll(g => g.Guards(tool.Name));
        if (rails.Count == 0)
        {
            return null;
        }
        // Arguments the reader refuses go to the tool as usual, which reports every error with its path.
        if (run.Agent.Tools.ValidateArguments(tool.Name, arguments, run.Options.ToolInvocation) is { Count: > 0 })
        {
            return null;
        }
        var context = new ToolCallContext(run.Agent.Descriptor.Name, tool, call.CallId, Encoding.UTF8.GetString(arguments));
        if (await CheckAsync(rails, new GuardrailSubject(null, null, context), run, slot.Iteration, call.CallId, cancellationToken).ConfigureAwait(false) is not { } trip)
        {
            return null;
        }
        var message = $"the call to '{tool.Name}' was stopped by the '{trip.Guardrail.Name}' guardrail: {trip.Result.Reason}. It did not run.";
        if (!trip.Result.AsFeedback)
        {
            run.Stopped ??= new TrippedGuardrail(Tripped(trip.Guardrail, trip.Result, $"a call to '{tool.Name}'"));
        }
        RecordNotRun(call, slot, run, ToolCallOutcome.Blocked, [new ToolError("$", message)], arguments, default);
        return new CallResult(new FunctionResultContent(call.CallId, "Error: " + message), true, message);
    }
}
