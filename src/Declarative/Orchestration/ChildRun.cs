using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

// How a participant's run ended, in the form every composition reads: status, the answer as a value, as JSON text
// (what the next agent is handed) and as text, and its own trace.
internal sealed record ChildOutcome(AgentRunStatus Status, string? Reason, string? Text, object? Output, string? AnswerJson, RunTrace Trace,
                                    IReadOnlyList<ChatMessage> Messages)
{
    public bool IsCompleted => Status == AgentRunStatus.Completed;

    // What the next agent is handed: the typed answer's JSON, or the text.
    public string Handed => AnswerJson ?? Text ?? "";
}

// Runs one participant as a child of a larger run: its own tools, model, limits and checks; the larger run's budget
// (what is left of it) and invocation limit; one AgentInvocationStep in the larger run's trace holding its steps,
// its spending added to the larger run's totals.
internal static class ChildRun
{
    public static async Task<ChildOutcome> RunAsync(AgentRunner runner, Participant participant, IEnumerable<ChatMessage> messages,
                                                    RunTraceBuilder parent, AgentRunOptions options, RunTree tree, int iteration,
                                                    CancellationToken cancellationToken)
    {
        var index = parent.Reserve();
        var started = parent.Clock.Timestamp();
        ChildOutcome outcome;
        if (tree.TryStart(participant.Name) is { } refused)
        {
            outcome = new ChildOutcome(AgentRunStatus.InvocationLimitReached, refused, null, null, null,
                new RunTrace { AgentName = participant.Name, Status = AgentRunStatus.InvocationLimitReached, Reason = refused, StartedAt = parent.TimeAt(started) }, []);
        }
        else if (options.Budget?.Exceeded(parent.Usage, parent.Cost) is { } spent)
        {
            outcome = new ChildOutcome(AgentRunStatus.BudgetExceeded, spent, null, null, null,
                new RunTrace { AgentName = participant.Name, Status = AgentRunStatus.BudgetExceeded, Reason = spent, StartedAt = parent.TimeAt(started) }, []);
        }
        else
        {
            // The run-level guardrails are the caller's, not the child's; the budget is what is left of it.
            var childOptions = options.Budget is null && options.Guardrails.Count == 0
                ? options
                : options with { Budget = Remaining(options.Budget, parent.Usage, parent.Cost), Guardrails = [] };
            try
            {
                outcome = await participant.RunAsync(runner, messages, childOptions, tree, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Record(parent, index, iteration, started, participant.Name, new RunTrace { AgentName = participant.Name, Status = AgentRunStatus.TimedOut, Reason = "cancelled" },
                       AgentRunStatus.TimedOut, "cancelled");
                throw;
            }
        }
        Record(parent, index, iteration, started, participant.Name, outcome.Trace, outcome.Status, outcome.Reason);
        return outcome;
    }

    internal static void Record(RunTraceBuilder parent, int index, int iteration, long started, string name, RunTrace trace, AgentRunStatus status, string? reason)
    {
        parent.AddChildUsage(trace.Usage, trace.Steps.Count == 0 && trace.Usage.TotalTokens == 0 ? 0m : trace.Cost);
        parent.Fill(new AgentInvocationStep
        {
            Index = index,
            Iteration = iteration,
            StartedAt = parent.TimeAt(started),
            Duration = parent.Clock.Elapsed(started),
            AgentName = name,
            Status = status,
            Reason = reason,
            Steps = trace.Steps,
            Usage = trace.Usage,
            Cost = trace.Steps.Count == 0 && trace.Usage.TotalTokens == 0 ? 0m : trace.Cost,
        });
    }

    // What is left of a budget once some of it is spent; null when there is no budget.
    internal static UsageBudget? Remaining(UsageBudget? budget, UsageTotals spent, decimal? cost)
        => budget is null
            ? null
            : new UsageBudget
            {
                MaxInputTokens = budget.MaxInputTokens - spent.InputTokens,
                MaxOutputTokens = budget.MaxOutputTokens - spent.OutputTokens,
                MaxTotalTokens = budget.MaxTotalTokens - spent.TotalTokens,
                MaxCost = budget.MaxCost - (cost ?? 0m),
            };

    // A text answer handed on as JSON (a specialist tool's result): a JSON string.
    internal static byte[] TextAsJson(string? text) => JsonSerializer.SerializeToUtf8Bytes(text ?? "", OrchestrationJson.Default.String);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class OrchestrationJson : System.Text.Json.Serialization.JsonSerializerContext;
