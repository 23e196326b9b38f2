using Microsoft.Extensions.AI;

namespace Declarative.Orchestration;

// A pipeline's run: each stage is given what the one before handed on (read by its generated reader); the first
// stage that does not complete stops the pipeline with its status, and the reason names it.
internal static class SequentialRun
{
    public static async Task<CompositionEnd<TOutput>> RunAsync<TInput, TOutput>(Participant[] stages, CompositionContext context, TInput input,
                                                                              CancellationToken cancellationToken)
    {
        if (!stages[0].TryMessageFromValue(input, out var message))
        {
            return new(AgentRunStatus.InvalidOutput, $"stage '{stages[0].Name}' cannot take the composition's input", stages[0].Name, default, null, []);
        }
        ChildOutcome? last = null;
        for (var i = 0; i < stages.Length; i++)
        {
            var stage = stages[i];
            if (last is not null && !stage.TryMessageFromAnswer(last.Handed, out message, out var errors))
            {
                return new(AgentRunStatus.InvalidOutput,
                    $"stage '{stage.Name}' could not read what stage '{stages[i - 1].Name}' handed on: " + string.Join("; ", errors),
                    stage.Name, default, last.Text, last.Messages);
            }
            last = await context.RunAsync(stage, [new ChatMessage(ChatRole.User, message)], i + 1, cancellationToken).ConfigureAwait(false);
            if (!last.IsCompleted)
            {
                return new(last.Status, $"stage '{stage.Name}' ended {last.Status}: {last.Reason}", stage.Name, default, last.Text, last.Messages);
            }
        }
        return new(AgentRunStatus.Completed, null, null, Result<TOutput>(last!), last!.Text, last.Messages);
    }

    // The composition's result from the last answer: the typed value, or the text for a text result.
    internal static TOutput Result<TOutput>(ChildOutcome outcome)
        => typeof(TOutput) == typeof(string) ? (TOutput)(object)(outcome.Text ?? "") : (TOutput)outcome.Output!;
}

// A fan-out's run: the same input to every branch at once; every branch finishes; the join sees the answers in order.
internal static class ParallelRun
{
    public static async Task<CompositionEnd<TOutput>> RunAsync<TInput, TOutput>(Participant[] branches, Func<ParallelOutputs, TOutput> join,
                                                                              CompositionContext context, TInput input, CancellationToken cancellationToken)
    {
        var runs = new Task<ChildOutcome>[branches.Length];
        for (var i = 0; i < branches.Length; i++)
        {
            if (!branches[i].TryMessageFromValue(input, out var message))
            {
                return new(AgentRunStatus.InvalidOutput, $"branch '{branches[i].Name}' cannot take the composition's input", branches[i].Name, default, null, []);
            }
            var branch = branches[i];
            // Each branch on the thread pool, so a branch whose model answers synchronously does not hold the others.
            runs[i] = Task.Run(() => context.RunAsync(branch, [new ChatMessage(ChatRole.User, message)], 1, cancellationToken), cancellationToken);
        }
        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        var failed = new List<int>();
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (!outcomes[i].IsCompleted)
            {
                failed.Add(i);
            }
        }
        if (failed.Count > 0)
        {
            return new(outcomes[failed[0]].Status,
                string.Join("; ", failed.Select(i => $"branch '{branches[i].Name}' ended {outcomes[i].Status}: {outcomes[i].Reason}")),
                string.Join(", ", failed.Select(i => branches[i].Name)), default, null, []);
        }
        var values = new object?[outcomes.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            values[i] = branches[i].OutputType is null ? outcomes[i].Text : outcomes[i].Output;
        }
        TOutput result;
        try
        {
            result = join(new ParallelOutputs([.. branches.Select(b => b.Name)], values));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new(AgentRunStatus.InvalidOutput, $"the join failed: {exception.GetType().Name}: {exception.Message}", null, default, null, []);
        }
        return new(AgentRunStatus.Completed, null, null, result, result as string, []);
    }
}
