using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// The suites an evals program offers its command line: each a name, a target, how its dataset's cases are read,
/// its graders, its chat client and its options. <see cref="EvalCli.RunAsync"/> runs the one <c>--suite</c> names.
/// </summary>
public sealed class EvalSuites
{
    private readonly Dictionary<string, IEvalSuite> _suites = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The suites' names, in the order they were added.</summary>
    public IReadOnlyList<string> Names => [.. _order];

    /// <summary>Adds a suite.</summary>
    /// <typeparam name="TInput">The target's input type.</typeparam>
    /// <typeparam name="TOutput">The target's answer type.</typeparam>
    /// <param name="name">The suite's name (<c>--suite</c>).</param>
    /// <param name="target">What is evaluated.</param>
    /// <param name="reader">How the dataset's inputs and expected answers are read (<see cref="CaseReader"/>).</param>
    /// <param name="graders">The graders.</param>
    /// <param name="chatClient">
    /// Makes the model's client, called once per eval and not at all with <c>--offline</c> (so an offline run needs no
    /// key or endpoint).
    /// </param>
    /// <param name="options">The eval's options; the command line's <c>--repetitions</c>, <c>--parallel</c> and <c>--cache</c> override theirs.</param>
    /// <returns>These suites, for chaining.</returns>
    /// <exception cref="ArgumentException">A suite of that name was added already.</exception>
    public EvalSuites Add<TInput, TOutput>(string name, EvalTarget<TInput, TOutput> target, CaseReader<TInput, TOutput> reader,
        IEnumerable<Grader<TInput, TOutput>> graders, Func<IChatClient> chatClient, EvalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(graders);
        ArgumentNullException.ThrowIfNull(chatClient);
        if (!_suites.TryAdd(name, new Suite<TInput, TOutput>(target, reader, [.. graders], chatClient, options ?? EvalOptions.Default)))
        {
            throw new ArgumentException($"A suite named '{name}' was added already.", nameof(name));
        }
        _order.Add(name);
        return this;
    }

    /// <summary>Adds a suite whose chat client exists already.</summary>
    /// <typeparam name="TInput">The target's input type.</typeparam>
    /// <typeparam name="TOutput">The target's answer type.</typeparam>
    /// <param name="name">The suite's name.</param>
    /// <param name="target">What is evaluated.</param>
    /// <param name="reader">How the dataset's cases are read.</param>
    /// <param name="graders">The graders.</param>
    /// <param name="chatClient">The model's client.</param>
    /// <param name="options">The eval's options.</param>
    /// <returns>These suites, for chaining.</returns>
    public EvalSuites Add<TInput, TOutput>(string name, EvalTarget<TInput, TOutput> target, CaseReader<TInput, TOutput> reader,
        IEnumerable<Grader<TInput, TOutput>> graders, IChatClient chatClient, EvalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        return Add(name, target, reader, graders, () => chatClient, options);
    }

    internal int Count => _suites.Count;

    internal bool TryGet(string name, out IEvalSuite suite) => _suites.TryGetValue(name, out suite!);

    internal IEvalSuite Single => _suites[_order[0]];

    internal interface IEvalSuite
    {
        EvalOptions Options { get; }

        // Loads the dataset first (an invalid one throws EvalDatasetException before anything runs), then runs the eval.
        Task<EvalResult> RunAsync(string datasetPath, IChatClient? chatClient, EvalOptions options, CancellationToken cancellationToken);

        IChatClient CreateChatClient();
    }

    private sealed class Suite<TInput, TOutput>(EvalTarget<TInput, TOutput> target, CaseReader<TInput, TOutput> reader,
        Grader<TInput, TOutput>[] graders, Func<IChatClient> chatClient, EvalOptions options) : IEvalSuite
    {
        public EvalOptions Options => options;

        public IChatClient CreateChatClient() => chatClient() ?? throw new InvalidOperationException("The suite's chat client factory returned null.");

        public Task<EvalResult> RunAsync(string datasetPath, IChatClient? client, EvalOptions runOptions, CancellationToken cancellationToken)
        {
            var dataset = EvalDataset<TInput, TOutput>.Load(datasetPath, reader);
            return new EvalRunner(client ?? CreateChatClient(), runOptions).RunAsync(target, dataset, graders, cancellationToken);
        }
    }
}
