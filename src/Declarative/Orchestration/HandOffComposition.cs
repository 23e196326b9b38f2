namespace Declarative.Orchestration;

// Builds (checks) and runs a hand-off composition.
internal static class HandOffComposition
{
    /// <summary>Checks and builds a hand-off composition (<see cref="Composition.HandOff{TInput, TOutput}"/>).</summary>
    /// <exception cref="CompositionException">DCL0027 to DCL0031, with the generator's messages.</exception>
    public static Composition<TInput, TOutput> Create<TInput, TOutput>(string name, string? description, HandOffOptions options, Participant[] participants)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxHandOffs);
        var checkedParticipants = CompositionChecks.Participants(name, participants, 2, "hand-off");
        var graph = HandOffGraph.Build(name, checkedParticipants, CompositionChecks.AnswersWith<TOutput>, CompositionChecks.TypeName<TOutput>(), options.MaxHandOffs);
        CompositionChecks.Input<TInput>(name, checkedParticipants[0]);
        var run = new HandOffRun(name, graph, options, textResult: typeof(TOutput) == typeof(string));
        return new Composition<TInput, TOutput>(name, description, CompositionKind.HandOff, checkedParticipants, run.ExecuteAsync);
    }
}
