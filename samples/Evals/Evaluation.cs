using Declarative.Evaluation;
using Microsoft.Extensions.AI;

namespace EvalsSample;

/// <summary>Runs one suite over a dataset file: offline on the suite's recordings, or live on the configured endpoint.</summary>
internal static class Evaluation
{
    /// <summary>The datasets beside the binary (copied from samples/Evals/Datasets at build).</summary>
    public static string DatasetPath(string name) => Path.Combine(AppContext.BaseDirectory, "Datasets", name + ".jsonl");

    /// <summary>Loads a dataset of the shop's cases: the customer's message as input, an <see cref="Expectation"/> as expected.</summary>
    /// <exception cref="EvalDatasetException">A line is not a valid case; every fault with its line and path.</exception>
    public static EvalDataset<string, string> Load(string path)
        => EvalDataset<string, string>.Load(path, new CaseReader<string, string>(Expectation.TryReadInput, Expectation.TryRead));

    /// <summary>Runs the suite over the dataset.</summary>
    /// <param name="suite">What to run and grade.</param>
    /// <param name="dataset">The cases.</param>
    /// <param name="live">The live endpoint, or null for the recordings.</param>
    /// <param name="options">The eval's options (prices are added).</param>
    /// <param name="cancellationToken">Stops the eval.</param>
    /// <returns>The result, and the recordings used (null live), to check they were followed to their end.</returns>
    public static async Task<(EvalResult Result, RecordingSet? Recordings)> RunAsync(ShopSuite suite, EvalDataset<string, string> dataset, IChatClient? live,
                                                                                     EvalOptions options, CancellationToken cancellationToken = default)
    {
        var recordings = live is null ? suite.Recordings() : null;
        var runner = new EvalRunner(live ?? recordings!.Client,
            options with { Prices = options.Prices ?? Shop.Prices, Name = options.Name ?? suite.Name });
        var result = await runner.RunAsync(suite.Target(live is not null), dataset, suite.Graders(), cancellationToken).ConfigureAwait(false);
        return (result, recordings);
    }
}
