namespace Declarative.Orchestration;

// A parallel fan-out: every branch is given the composition's input at once; the join combines their answers.
// A failed branch is reported by name; the others still finish.
internal static class ParallelComposition
{
    /// <summary>Checks and builds a parallel composition (<see cref="Composition.Parallel{TInput, TOutput}"/>).</summary>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, Func<ParallelOutputs, TOutput> join,
                                                                       Participant[] branches)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(branches);
        var list = CompositionChecks.Participants(name, branches, minimum: 2, what: "parallel");
        CompositionChecks.Branches<TInput>(list);
        return new Composition<TInput, TOutput>(name, description, CompositionKind.Parallel, list,
            (context, input, cancellationToken) => RunAsync(context, input, join, cancellationToken));
    }

    private static async Task<CompositionOutcome> RunAsync<TOutput>(CompositionContext context, ParticipantInput input, Func<ParallelOutputs, TOutput> join,
                                                                    CancellationToken cancellationToken)
    {
        var branches = context.Composition.Participants;
        if (context.OverBudget() is { } spent)
        {
            return CompositionOutcome.Stopped(CompositionRunStatus.BudgetExceeded, "no branch ran: " + spent);
        }
        var text = TextFor(branches, input);
        var runs = new Task<(ChildOutcome? Outcome, IReadOnlyList<ToolError> Errors)>[branches.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            var branch = branches[i];
            // Every branch starts now; each runs at its own pace (its model and tools are awaited, not run in turn).
            runs[i] = context.RunOnInputAsync(branch, branch.InputType is null && text is not null ? ParticipantInput.FromText(text) : input, i + 1,
                cancellationToken);
        }
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        var names = new string[runs.Length];
        var outputs = new object?[runs.Length];
        CompositionOutcome? failure = null;
        var failed = new List<string>();
        for (var i = 0; i < runs.Length; i++)
        {
            var branch = branches[i];
            names[i] = branch.Name;
            var (outcome, errors) = runs[i].Result;
            var where = $"branch {i + 1} of {runs.Length}";
            if (outcome is null)
            {
                failure ??= CompositionOutcome.InvalidHandOver(branch, "the composition's input", errors);
                failed.Add(branch.Name);
                continue;
            }
            if (!outcome.Completed)
            {
                failure ??= CompositionOutcome.Failed(outcome, where);
                failed.Add(branch.Name);
                continue;
            }
            outputs[i] = outcome.OutputJson is null ? outcome.Text : outcome.Output;
        }
        if (failure is not null)
        {
            return failed.Count == 1
                ? failure
                : new CompositionOutcome
                {
                    Status = failure.Status,
                    Reason = $"{failed.Count} branches failed ({string.Join(", ", failed.Select(n => "'" + n + "'"))}); first: {failure.Reason}",
                    FailedAgent = failure.FailedAgent,
                    FailedAgentStatus = failure.FailedAgentStatus,
                };
        }
        TOutput joined;
        try
        {
            joined = join(new ParallelOutputs(names, outputs));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            return CompositionOutcome.Stopped(CompositionRunStatus.JoinFailed, $"the join of {context.Composition.Name} threw {exception.GetType().Name}: {exception.Message}");
        }
        return CompositionOutcome.Completed(joined, joined as string);
    }

    // A typed input handed to a branch that takes text: rendered as a branch that takes it would render it (JSON, or its template).
    private static string? TextFor(IReadOnlyList<Participant> branches, ParticipantInput input)
    {
        if (!input.HasValue)
        {
            return null;
        }
        foreach (var branch in branches)
        {
            if (branch.InputType is { } type && (input.Value is null || type.IsInstanceOfType(input.Value)) && branch.TryRender(input, out var message, out _))
            {
                return message;
            }
        }
        return input.Value?.ToString();
    }
}
