using System.Globalization;
using Declarative.Evaluation;
using EvalsSample;

// Evals of the RetailStore sample's customer-service agent: its tool-calling loop (the baseline prompt, and a candidate
// prompt to compare with it) and plan-and-execute, over the JSONL datasets in Datasets/. Offline (the default unless
// OPENAI_API_KEY / OPENAI_BASE_URL is set) every case replays its recorded model decisions and judge verdict, while the
// store's tools run for real; --self-check runs all three suites and checks the numbers the recordings must give.

Console.OutputEncoding = System.Text.Encoding.UTF8;

if (args is ["--self-check", .. var rest])
{
    var output = rest is ["--out", var dir] ? dir : Path.Combine(Environment.GetEnvironmentVariable("DECLARATIVE_ARTIFACTS") ?? "artifacts", "evals");
    return await SelfCheck.RunAsync(output);
}
if (args is not ["eval", var datasetPath, .. var options])
{
    Console.Error.WriteLine("""
        Usage: Evals eval <dataset.jsonl> [--suite agent|candidate|plan] [--json out.json] [--live|--offline]
               Evals --self-check [--out dir]
        """);
    return 64;
}

var suiteName = Path.GetFileNameWithoutExtension(datasetPath) == "plan" ? "plan" : "agent";
string? json = null;
bool? live = null;
for (var i = 0; i < options.Length; i++)
{
    switch (options[i])
    {
        case "--suite" when i + 1 < options.Length: suiteName = options[++i]; break;
        case "--json" when i + 1 < options.Length: json = options[++i]; break;
        case "--live": live = true; break;
        case "--offline": live = false; break;
        default: Console.Error.WriteLine($"unknown option '{options[i]}'"); return 64;
    }
}
if (ShopSuite.Find(suiteName) is not { } suite)
{
    Console.Error.WriteLine($"no suite '{suiteName}'; suites: {string.Join(", ", ShopSuite.All.Select(s => s.Name))}");
    return 64;
}
EvalDataset<string, string> dataset;
try
{
    dataset = Evaluation.Load(datasetPath);
}
catch (EvalDatasetException exception)
{
    foreach (var error in exception.Errors)
    {
        Console.Error.WriteLine(error);
    }
    return 65;
}
var (result, _) = await Evaluation.RunAsync(suite, dataset, (live ?? Shop.LiveConfigured()) ? Shop.Live().Client : null, new EvalOptions());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Name}: {result.Summary.PassedCases}/{result.Summary.Cases} cases passed ({result.Summary.PassRate:P0}), cost ${result.Summary.Cost}"));
foreach (var failed in result.Cases.Where(c => !c.IsPassed))
{
    Console.WriteLine($"  FAILED {failed.Id} at {failed.Runs[0].FailedComponent}: " + string.Join("; ", failed.Runs[0].Grades.Where(g => !g.Passed).Select(g => $"{g.Grader}: {g.Reason}")));
}
if (json is not null)
{
    File.WriteAllText(json, EvalResultJson.Write(result));
}
return 0;
