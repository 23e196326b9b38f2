namespace Declarative.Orchestration;

// A sequential pipeline: each stage is given the previous stage's answer; a failed stage stops it.
internal static class SequentialComposition
{
    /// <summary>Checks and builds a sequential composition (<see cref="Composition.Sequential{TInput, TOutput}"/>).</summary>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, Participant[] stages)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(stages);
        var list = CompositionChecks.Participants(name, stages, minimum: 2, what: "sequential");
        CompositionChecks.Input<TInput>(name, list[0]);
        for (var i = 1; i < list.Length; i++)
        {
            CompositionChecks.Stage(list[i - 1], list[i]);
        }
        CompositionChecks.Result<TOutput>(name, list[^1]);
        return new Composition<TInput, TOutput>(name, description, CompositionKind.Sequential, list, RunAsync);
    }

    private static async Task<CompositionOutcome> RunAsync(CompositionContext context, ParticipantInput input, CancellationToken cancellationToken)
    {
        var stages = context.Composition.Participants;
        ChildOutcome? last = null;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var where = $"stage {i + 1} of {stages.Count}";
            if (context.OverBudget() is { } spent)
            {
                return CompositionOutcome.Stopped(CompositionRunStatus.BudgetExceeded, $"{where} ('{stage.Name}') did not run: {spent}", stage.Name);
            }
            var given = last is null ? input : ParticipantInput.FromAnswer(last);
            var (outcome, errors) = await context.RunOnInputAsync(stage, given, iteration: i + 1, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return CompositionOutcome.InvalidHandOver(stage, last is null ? "the composition's input" : $"what '{last.Participant.Name}' handed on", errors);
            }
            if (!outcome.Completed)
            {
                return CompositionOutcome.Failed(outcome, where);
            }
            last = outcome;
        }
        return CompositionOutcome.CompletedWith(last!);
    }
}
