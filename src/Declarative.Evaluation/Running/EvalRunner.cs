using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// Runs a target over a dataset and grades every run: cases in parallel (bounded), each repeated
/// <see cref="EvalOptions.Repetitions"/> times, each run with its own time limit and budget, model calls through
/// the response cache and retried on transient errors. A run that throws, times out or whose grader throws fails
/// with the reason; the eval goes on. The result holds every run's grades and trace, the summary, the error
/// analysis and the cost per component.
/// </summary>
/// <example>
/// <code>
/// var dataset = EvalDataset&lt;string, string&gt;.Load("evals/cases.jsonl", CaseReader.Text);
/// var runner = new EvalRunner(chatClient, new EvalOptions { Repetitions = 3, Cache = ResponseCache.InDirectory("evals/cache") });
/// var result = await runner.RunAsync(EvalTarget.TextAgent(new SupportAgent(store)), dataset,
///     [Graders.Completed&lt;string, string&gt;(), Graders.CalledTool&lt;string, string&gt;("get_item_price")]);
/// Console.WriteLine($"{result.Summary.PassRate:P0} {result.Summary.Interval}");
/// </code>
/// </example>
public sealed class EvalRunner
{
    private readonly Func<EvalCaseInfo, IChatClient> _chatClients;
    private readonly EvalOptions _options;

    /// <summary>Creates a runner whose runs all use one chat client.</summary>
    /// <param name="chatClient">The model (or a scripted or recorded client).</param>
    /// <param name="options">The eval's options.</param>
    public EvalRunner(IChatClient chatClient, EvalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        _chatClients = _ => chatClient;
        _options = Checked(options);
    }

    /// <summary>Creates a runner that asks for a chat client per run (e.g. each case's own recording).</summary>
    /// <param name="chatClientFactory">Gives the client for one run.</param>
    /// <param name="options">The eval's options.</param>
    public EvalRunner(Func<EvalCaseInfo, IChatClient> chatClientFactory, EvalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClientFactory);
        _chatClients = chatClientFactory;
        _options = Checked(options);
    }

    /// <summary>The options.</summary>
    public EvalOptions Options => _options;

    /// <summary>Runs the target on every case and grades each run.</summary>
    /// <param name="target">What to run.</param>
    /// <param name="dataset">The cases.</param>
    /// <param name="graders">The graders (at least one), applied to every run in order.</param>
    /// <param name="cancellationToken">Stops the eval (runs under way are cancelled; nothing is reported).</param>
    /// <returns>Every run's grades and trace, with the summary and the error analysis.</returns>
    public async Task<EvalResult> RunAsync<TInput, TOutput>(EvalTarget<TInput, TOutput> target, EvalDataset<TInput, TOutput> dataset,
        IEnumerable<Grader<TInput, TOutput>> graders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(graders);
        var graderList = graders.ToArray();
        if (graderList.Length == 0)
        {
            throw new ArgumentException("An eval needs at least one grader: without one every run would pass.", nameof(graders));
        }
        if (Array.IndexOf(graderList, null) >= 0)
        {
            throw new ArgumentException("A grader is null.", nameof(graders));
        }

        var repetitions = _options.Repetitions;
        var runs = new CaseRun[dataset.Count * repetitions];
        var startedAt = _options.TimeProvider.GetUtcNow();
        var clock = Stopwatch.StartNew();
        if (_options.MaxParallelism == 1 || runs.Length == 1)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                runs[i] = await RunOneAsync(target, dataset[i / repetitions], i % repetitions + 1, graderList, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, runs.Length, parallel, async (i, ct) =>
                runs[i] = await RunOneAsync(target, dataset[i / repetitions], i % repetitions + 1, graderList, ct).ConfigureAwait(false))
                .ConfigureAwait(false);
        }
        return ResultBuilder.Build(_options.Name ?? target.Name, target.Name, dataset, runs, _options, startedAt, clock.Elapsed);
    }

    private async Task<CaseRun> RunOneAsync<TInput, TOutput>(EvalTarget<TInput, TOutput> target, EvalCase<TInput, TOutput> evalCase, int repetition,
        Grader<TInput, TOutput>[] graders, CancellationToken cancellationToken)
    {
        var counters = new RunCounters();
        var client = Pipeline(_chatClients(new EvalCaseInfo(evalCase.Id, repetition, evalCase.Tags)), repetition, counters);
        var context = new EvalTargetContext
        {
            CaseId = evalCase.Id,
            Repetition = repetition,
            ChatClient = client,
            Budget = _options.CaseBudget,
            Timeout = _options.CaseTimeout,
            Prices = _options.Prices,
        };

        using var timeout = _options.CaseTimeout is { } limit ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timeout?.CancelAfter(_options.CaseTimeout!.Value);
        var token = timeout?.Token ?? cancellationToken;

        var started = Stopwatch.GetTimestamp();
        EvalRun<TOutput> run;
        try
        {
            run = await target.RunAsync(evalCase.Input, context, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The target {target.Name} returned no run.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout is not null && timeout.IsCancellationRequested)
        {
            run = Failed<TOutput>(target.Name, "TimedOut", $"the case timed out after {_options.CaseTimeout!.Value.TotalSeconds:0.###} s");
        }
        catch (Exception exception)
        {
            run = Failed<TOutput>(target.Name, "Error", exception.GetType().Name + ": " + exception.Message);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);

        var grading = new GradingContext<TInput, TOutput>
        {
            Case = evalCase,
            Run = run,
            Repetition = repetition,
            ChatClient = client,
            Prices = _options.Prices,
        };
        var grades = new List<Grade>(graders.Length + 1);
        if (run.Error is not null)
        {
            grades.Add(new Grade { Grader = "run", Component = Components.Answer, Passed = false, Reason = run.Error });
        }
        foreach (var grader in graders)
        {
            try
            {
                grades.AddRange(await grader.GradeAsync(grading, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                grades.Add(new Grade
                {
                    Grader = grader.Name,
                    Component = grader.Component,
                    Passed = false,
                    Reason = $"the grader threw {exception.GetType().Name}: {exception.Message}",
                });
            }
        }
        return ResultBuilder.Run(repetition, run, grades, elapsed, counters);
    }

    private IChatClient Pipeline(IChatClient client, int repetition, RunCounters counters)
    {
        ArgumentNullException.ThrowIfNull(client, "chatClientFactory(...)");
        IChatClient pipeline = _options.MaxTransientRetries > 0
            ? new RetryingChatClient(client, _options.MaxTransientRetries, _options.RetryDelay, _options.IsTransient ?? RetryingChatClient.IsTransientByDefault, _options.TimeProvider, counters)
            : client;
        return _options.Cache is { } cache ? new ResponseCachingChatClient(pipeline, cache, repetition, counters) : pipeline;
    }

    private static EvalRun<TOutput> Failed<TOutput>(string targetName, string status, string error) => new()
    {
        Trace = new RunTrace { AgentName = targetName, Reason = error },
        Completed = false,
        Status = status,
        Reason = error,
        Error = error,
    };

    private static EvalOptions Checked(EvalOptions? options)
    {
        options ??= EvalOptions.Default;
        options.Validate();
        return options;
    }
}
