namespace Declarative.Orchestration;

/// <summary>
/// A checked composition of agents. The generator builds one for each composition class; build one at run
/// time with <see cref="Sequential{TInput, TOutput}"/>, <see cref="Parallel{TInput, TOutput}"/>,
/// <see cref="HandOff{TInput, TOutput}"/> or <see cref="GroupChat{TInput, TOutput}"/>, which check the same
/// rules as the generator and throw a <see cref="CompositionException"/> with the same message.
/// Run it with <see cref="AgentRunner"/>.
/// </summary>
public abstract class Composition
{
    private protected Composition(string name, string? description, CompositionKind kind, IReadOnlyList<Participant> participants)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(participants);
        Name = name;
        Description = description;
        Kind = kind;
        Participants = participants;
    }

    /// <summary>The composition's name (in traces and spans).</summary>
    public string Name { get; }

    /// <summary>What it does.</summary>
    public string? Description { get; }

    /// <summary>Which way its agents are composed.</summary>
    public CompositionKind Kind { get; }

    /// <summary>Its agents, in declaration order.</summary>
    public IReadOnlyList<Participant> Participants { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Kind}: {string.Join(", ", Participants)})";

    /// <summary>A sequential pipeline: each stage is given the previous stage's answer.</summary>
    /// <typeparam name="TInput">The first stage's input (<see cref="string"/> for a text message).</typeparam>
    /// <typeparam name="TOutput">The last stage's answer (<see cref="string"/> for text).</typeparam>
    /// <param name="name">The composition's name.</param>
    /// <param name="description">What it does.</param>
    /// <param name="stages">The stages, in order.</param>
    /// <exception cref="CompositionException">A stage cannot take what the one before it hands on.</exception>
    public static Composition<TInput, TOutput> Sequential<TInput, TOutput>(string name, string? description, params Participant[] stages)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(stages);
        Participant[] checkedStages = [.. stages];
        SequenceChecks.Sequential<TInput, TOutput>(name, checkedStages);
        return new Composition<TInput, TOutput>(name, description, CompositionKind.Sequential, checkedStages)
        {
            Body = (context, input, cancellationToken) => SequentialRun.RunAsync<TInput, TOutput>(checkedStages, context, input, cancellationToken),
        };
    }

    /// <summary>A parallel fan-out: every branch is given the same input at once; <paramref name="join"/> combines their answers.</summary>
    /// <typeparam name="TInput">The input every branch takes.</typeparam>
    /// <typeparam name="TOutput">The joined result.</typeparam>
    /// <param name="name">The composition's name.</param>
    /// <param name="description">What it does.</param>
    /// <param name="join">Combines the branches' answers, in the branches' order.</param>
    /// <param name="branches">The branches.</param>
    /// <exception cref="CompositionException">A branch does not take <typeparamref name="TInput"/>.</exception>
    public static Composition<TInput, TOutput> Parallel<TInput, TOutput>(string name, string? description, Func<ParallelOutputs, TOutput> join,
                                                                         params Participant[] branches)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(branches);
        Participant[] checkedBranches = [.. branches];
        SequenceChecks.Parallel<TInput>(name, checkedBranches);
        return new Composition<TInput, TOutput>(name, description, CompositionKind.Parallel, checkedBranches)
        {
            Body = (context, input, cancellationToken) => ParallelRun.RunAsync(checkedBranches, join, context, input, cancellationToken),
        };
    }

    /// <summary>A hand-off composition: the first participant takes the conversation and may transfer it along <see cref="Participant.HandOffTo"/>.</summary>
    /// <typeparam name="TInput">What the first participant takes.</typeparam>
    /// <typeparam name="TOutput">The result: participants answering with it can finish (<see cref="string"/>: any can).</typeparam>
    /// <param name="name">The composition's name.</param>
    /// <param name="description">What it does.</param>
    /// <param name="options">Limits.</param>
    /// <param name="participants">The participants; the first is the entry.</param>
    /// <exception cref="CompositionException">An unknown target, a participant with no way to finish, or a cycle without a limit.</exception>
    public static Composition<TInput, TOutput> HandOff<TInput, TOutput>(string name, string? description, HandOffOptions options,
                                                                        params Participant[] participants)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxHandOffs);
        var graph = HandOffGraph.Build(name, participants, ConversationChecks.AnswersWith<TOutput>, ConversationChecks.TypeName<TOutput>(), options.MaxHandOffs);
        ConversationChecks.TakesInput<TInput>(name, participants[0]);
        var plan = new HandOffRun<TInput, TOutput>(name, graph, options);
        return CompositionRuns.With(new Composition<TInput, TOutput>(name, description, CompositionKind.HandOff, [.. participants])
        {
            Body = CompositionTurns.HandOff(plan),
        }, plan);
    }

    /// <summary>A group chat: the participants share one transcript; a speaker is chosen each turn.</summary>
    /// <typeparam name="TInput">The opening message's type.</typeparam>
    /// <typeparam name="TOutput">The result: a finishing participant's answer, or the last message (<see cref="string"/>).</typeparam>
    /// <param name="name">The composition's name.</param>
    /// <param name="description">What it does.</param>
    /// <param name="options">Selection and termination.</param>
    /// <param name="participants">The participants.</param>
    /// <exception cref="CompositionException">Fewer than two participants, or options that cannot work.</exception>
    public static Composition<TInput, TOutput> GroupChat<TInput, TOutput>(string name, string? description, GroupChatOptions options,
                                                                          params Participant[] participants)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(participants);
        GroupChatChecks.Check<TInput, TOutput>(name, options, participants);
        var plan = new GroupChatRun<TInput, TOutput>(name, options, [.. participants]);
        return CompositionRuns.With(new Composition<TInput, TOutput>(name, description, CompositionKind.GroupChat, [.. participants])
        {
            Body = CompositionTurns.GroupChat(plan),
        }, plan);
    }
}

/// <summary>A checked composition with a typed input and result.</summary>
/// <typeparam name="TInput">What it is given.</typeparam>
/// <typeparam name="TOutput">What it produces.</typeparam>
public sealed class Composition<TInput, TOutput> : Composition, IComposition<TInput, TOutput>
{
    internal Composition(string name, string? description, CompositionKind kind, IReadOnlyList<Participant> participants)
        : base(name, description, kind, participants)
    {
    }

    Composition<TInput, TOutput> IComposition<TInput, TOutput>.Composition => this;

    // How it runs (each kind's body); AgentRunner.RunAsync gives it the runner, the options and the trace.
    internal CompositionBody<TInput, TOutput> Body { get; init; } = (_, _, _) => throw new InvalidOperationException("This composition has no way to run.");
}
