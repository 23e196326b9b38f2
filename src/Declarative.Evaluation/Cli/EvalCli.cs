using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Declarative.Evaluation;

/// <summary>
/// The command line of an evals program: <c>eval &lt;dataset.jsonl&gt; [--suite name] [--baseline file.json]
/// [--min-pass-rate 0.8] [--json out.json] [--html out.html] [--repetitions n] [--parallel n] [--cache dir] [--offline]</c>.
/// It runs one suite over the dataset, writes the summary (and the reports asked for), compares with the baseline and
/// answers with an exit code CI can gate on.
/// </summary>
/// <remarks>
/// Exit codes: <see cref="Passed"/> (0), <see cref="BelowMinPassRate"/> (1; checked first when both apply),
/// <see cref="SignificantRegression"/> (2), <see cref="UsageError"/> (64: a wrong argument, a missing file, an unreadable
/// baseline; the message and the usage text go to the error writer) and <see cref="InvalidDataset"/> (65: every error of
/// the dataset, each with its line and JSON path, before anything runs).
/// </remarks>
/// <example>
/// <code>
/// // Program.cs of an evals project
/// return await EvalCli.RunAsync(args, suites => suites.Add("retail",
///     EvalTarget.Agent(new RetailAgent(store)), CaseReader.For(new RetailAgent(store)),
///     [Graders.Completed&lt;string, Order&gt;(), Graders.ExactMatch&lt;string, Order&gt;()],
///     () => new OpenAIChatClient(...)));
/// </code>
/// </example>
public static class EvalCli
{
    /// <summary>The eval ran and passed every gate.</summary>
    public const int Passed = 0;

    /// <summary>The pass rate is below <c>--min-pass-rate</c>.</summary>
    public const int BelowMinPassRate = 1;

    /// <summary>The pass rate dropped significantly against <c>--baseline</c> (<see cref="EvalComparison.IsSignificantRegression"/>).</summary>
    public const int SignificantRegression = 2;

    /// <summary>The command line is wrong (sysexits' EX_USAGE).</summary>
    public const int UsageError = 64;

    /// <summary>The dataset is not valid (sysexits' EX_DATAERR).</summary>
    public const int InvalidDataset = 65;

    /// <summary>The usage text.</summary>
    public static string Usage => CliArguments.Usage;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="configure">Adds the program's suites.</param>
    /// <param name="output">Where the summary goes; default the console's output.</param>
    /// <param name="error">Where errors go; default the console's error.</param>
    /// <param name="cancellationToken">Stops the eval.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<EvalSuites> configure, TextWriter? output = null, TextWriter? error = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configure);
        output ??= Console.Out;
        error ??= Console.Error;

        var arguments = CliArguments.Parse(args, out var problem, out var help);
        if (help)
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return Passed;
        }
        if (arguments is null)
        {
            return await UsageAsync(error, problem!).ConfigureAwait(false);
        }

        var suites = new EvalSuites();
        configure(suites);
        EvalSuites.IEvalSuite suite;
        if (arguments.Suite is { } name)
        {
            if (!suites.TryGet(name, out suite))
            {
                return await UsageAsync(error, $"no suite named '{name}'; the suites are: {Names(suites)}").ConfigureAwait(false);
            }
        }
        else if (suites.Count == 1)
        {
            suite = suites.Single;
        }
        else
        {
            return await UsageAsync(error, suites.Count == 0
                ? "the program registers no suites"
                : $"several suites: choose one with --suite ({Names(suites)})").ConfigureAwait(false);
        }

        if (!File.Exists(arguments.Dataset))
        {
            return await UsageAsync(error, $"dataset '{arguments.Dataset}' not found").ConfigureAwait(false);
        }
        EvalResult? baseline = null;
        if (arguments.Baseline is { } baselinePath)
        {
            try
            {
                baseline = EvalResultJson.Read(await File.ReadAllTextAsync(baselinePath, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
            {
                var why = exception is FileNotFoundException or DirectoryNotFoundException ? "not found" : "is not a readable report: " + exception.Message;
                return await UsageAsync(error, $"baseline '{baselinePath}' {why}").ConfigureAwait(false);
            }
        }

        var options = suite.Options with
        {
            Repetitions = arguments.Repetitions ?? suite.Options.Repetitions,
            MaxParallelism = arguments.Parallel ?? suite.Options.MaxParallelism,
        };
        if (arguments.Cache is { } cacheDirectory)
        {
            options = options with { Cache = ResponseCache.InDirectory(cacheDirectory) };
        }
        if (arguments.Offline)
        {
            if (options.Cache is not { } cache)
            {
                return await UsageAsync(error, "--offline answers from the response cache: give --cache <dir>").ConfigureAwait(false);
            }
            if (cache.Directory is { } directory && !Directory.Exists(directory))
            {
                return await UsageAsync(error, $"--offline: the cache directory '{directory}' does not exist").ConfigureAwait(false);
            }
            options = options with { Cache = cache.WithMode(ResponseCacheMode.ReadOnly) };
        }

        EvalResult result;
        try
        {
            result = await suite.RunAsync(arguments.Dataset, arguments.Offline ? OfflineChatClient.Instance : null, options, cancellationToken).ConfigureAwait(false);
        }
        catch (EvalDatasetException exception)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"eval: invalid dataset '{arguments.Dataset}': {exception.Errors.Count} error{(exception.Errors.Count == 1 ? "" : "s")}")).ConfigureAwait(false);
            foreach (var datasetError in exception.Errors)
            {
                await error.WriteLineAsync("  " + datasetError).ConfigureAwait(false);
            }
            return InvalidDataset;
        }

        var comparison = baseline is null ? null : EvalComparison.Compare(baseline, result);
        CliSummary.Write(result, comparison, output);
        if (arguments.Json is { } jsonPath)
        {
            await WriteFileAsync(jsonPath, EvalResultJson.Write(result), cancellationToken).ConfigureAwait(false);
            if (comparison is not null)
            {
                await WriteFileAsync(Path.ChangeExtension(jsonPath, ".comparison.json"), comparison.ToJson(), cancellationToken).ConfigureAwait(false);
            }
        }
        if (arguments.Html is { } htmlPath)
        {
            await WriteFileAsync(htmlPath, CliSummary.Html(result, comparison), cancellationToken).ConfigureAwait(false);
        }

        var code = Passed;
        if (arguments.MinPassRate is { } min && result.Summary.PassRate < min)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"FAILED: the pass rate {Percent.Of(result.Summary.PassRate)} is below the minimum {Percent.Of(min)}")).ConfigureAwait(false);
            code = BelowMinPassRate;
        }
        if (comparison is { IsSignificantRegression: true })
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"FAILED: a significant regression against '{comparison.Baseline}': {Percent.Points(comparison.PassRateDelta)}, interval {comparison.PassRateDeltaInterval}")).ConfigureAwait(false);
            code = code == Passed ? SignificantRegression : code;
        }
        if (code == Passed)
        {
            await output.WriteLineAsync("PASSED").ConfigureAwait(false);
        }
        return code;
    }

    private static async Task<int> UsageAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync("eval: " + message).ConfigureAwait(false);
        await error.WriteLineAsync().ConfigureAwait(false);
        await error.WriteLineAsync(Usage).ConfigureAwait(false);
        return UsageError;
    }

    private static string Names(EvalSuites suites) => string.Join(", ", suites.Names);

    private static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }

    // With --offline the suite's own client is never made: every answer comes from the cache, and a request the cache
    // misses fails its case there (ResponseCacheMissException), before it would reach this.
    private sealed class OfflineChatClient : IChatClient
    {
        public static readonly OfflineChatClient Instance = new();

        private const string Message = "--offline: no model is called; the response cache should have answered this request";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException(Message);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
            => throw new InvalidOperationException(Message);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
