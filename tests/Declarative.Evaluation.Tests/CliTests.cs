using Declarative.Testing;

namespace Declarative.Evaluation.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "interop-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    // Cases q0..q(n-1): the question "q<i>", the expected answer "a<i>".
    private string Dataset(int cases, string name = "cases.jsonl")
    {
        var path = PathOf(name);
        File.WriteAllLines(path, Enumerable.Range(0, cases).Select(i => $$"""{"id": "q{{i}}", "input": "q{{i}}", "expected": "a{{i}}"}"""));
        return path;
    }

    // A model that answers case i right when right(i), as many times as asked (up to a generous script).
    private static ScriptedChatClient Model(Func<int, bool> right, int calls = 200)
    {
        var model = new ScriptedChatClient();
        for (var n = 0; n < calls; n++)
        {
            model.Then((messages, _) =>
            {
                var i = int.Parse(messages[^1].Text.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                return Scripts.Text(right(i) ? "a" + i : "I don't know");
            });
        }
        return model;
    }

    private static Action<EvalSuites> Suite(Func<Microsoft.Extensions.AI.IChatClient> model, string name = "help")
        => suites => suites.Add(name, EvalTarget.TextAgent(new HelpAgent(new Shop())), CaseReader.Text,
            [Graders.Completed<string, string>(), Graders.ExactMatch<string, string>()], model);

    private static async Task<(int Code, string Output, string Error)> RunAsync(Action<EvalSuites> suites, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EvalCli.RunAsync(args, suites, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Exit_0_when_every_gate_passes_with_the_reports_written()
    {
        var dataset = Dataset(3);
        var json = PathOf("out/report.json");
        var html = PathOf("out/report.html");

        var (code, output, error) = await RunAsync(Suite(() => Model(_ => true)), "eval", dataset, "--min-pass-rate", "0.8", "--json", json, "--html", html, "--parallel", "2");

        Assert.Equal(EvalCli.Passed, code);
        Assert.Equal("", error);
        Assert.True(output.Contains("HelpAgent on cases: 3/3 runs passed (100.0%, 95% interval [0.439, 1.000])", StringComparison.Ordinal), output);
        Assert.EndsWith("PASSED" + Environment.NewLine, output, StringComparison.Ordinal);
        var report = EvalResultJson.Read(File.ReadAllText(json));
        Assert.Equal(3, report.Summary.PassedRuns);
        Assert.Contains("3/3 runs passed", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("out/report.comparison.json")));
    }

    [Fact]
    public async Task Exit_1_when_the_pass_rate_is_below_the_minimum()
    {
        var dataset = Dataset(4);

        var (code, output, _) = await RunAsync(Suite(() => Model(i => i != 2)), "eval", dataset, "--min-pass-rate=0.9");

        Assert.Equal(EvalCli.BelowMinPassRate, code);
        Assert.Contains("3/4 runs passed", output, StringComparison.Ordinal);
        Assert.Contains("answer: 1 / 1  e.g. q2", output, StringComparison.Ordinal);
        Assert.Contains("FAILED: the pass rate 75.0% is below the minimum 90.0%", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_2_on_a_significant_regression_against_the_baseline()
    {
        var dataset = Dataset(20);
        var baseline = PathOf("baseline.json");
        Assert.Equal(EvalCli.Passed, (await RunAsync(Suite(() => Model(_ => true)), "eval", dataset, "--json", baseline)).Code);

        var json = PathOf("candidate.json");
        var (code, output, _) = await RunAsync(Suite(() => Model(i => i < 8)), "eval", dataset, "--baseline", baseline, "--json", json);

        Assert.Equal(EvalCli.SignificantRegression, code);
        Assert.Contains("vs HelpAgent: 40.0% vs 100.0% on 20 common cases, -60.0 points", output, StringComparison.Ordinal);
        Assert.Contains("  regressed: q8 at answer: ", output, StringComparison.Ordinal);
        Assert.Contains("FAILED: a significant regression against 'HelpAgent': -60.0 points", output, StringComparison.Ordinal);
        var comparison = EvalComparison.FromJson(File.ReadAllText(PathOf("candidate.comparison.json")));
        Assert.True(comparison.IsSignificantRegression);
        Assert.Equal(12, comparison.Regressions.Count);

        // Both gates failing: the pass-rate gate's code, both reasons printed.
        var both = await RunAsync(Suite(() => Model(i => i < 8)), "eval", dataset, "--baseline", baseline, "--min-pass-rate", "0.5");
        Assert.Equal(EvalCli.BelowMinPassRate, both.Code);
        Assert.Contains("FAILED: a significant regression", both.Output, StringComparison.Ordinal);

        // A small drop is not significant: exit 0.
        var small = await RunAsync(Suite(() => Model(i => i != 3)), "eval", dataset, "--baseline", baseline);
        Assert.Equal(EvalCli.Passed, small.Code);
        Assert.Contains("regressed: q3", small.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no command: the command is 'eval'")]
    [InlineData("unknown command 'run': the command is 'eval'", "run")]
    [InlineData("no dataset: give the JSONL file of cases", "eval")]
    [InlineData("unknown option '--bogus'", "eval", "{dataset}", "--bogus")]
    [InlineData("--min-pass-rate '1.5': expected a number from 0 to 1, like 0.8", "eval", "{dataset}", "--min-pass-rate", "1.5")]
    [InlineData("--min-pass-rate needs a value", "eval", "{dataset}", "--min-pass-rate")]
    [InlineData("--repetitions '0': expected a whole number of at least 1", "eval", "{dataset}", "--repetitions", "0")]
    [InlineData("--parallel 'two': expected a whole number of at least 1", "eval", "{dataset}", "--parallel", "two")]
    [InlineData("unexpected argument 'more.jsonl': one dataset only", "eval", "{dataset}", "more.jsonl")]
    [InlineData("no suite named 'retail'; the suites are: help", "eval", "{dataset}", "--suite", "retail")]
    [InlineData("dataset '{missing}' not found", "eval", "{missing}")]
    [InlineData("--offline answers from the response cache: give --cache <dir>", "eval", "{dataset}", "--offline")]
    [InlineData("baseline '{missing}' not found", "eval", "{dataset}", "--baseline", "{missing}")]
    [InlineData("baseline '{dataset}' is not a readable report: ", "eval", "{dataset}", "--baseline", "{dataset}")]
    public async Task Exit_64_on_a_usage_error_with_the_reason_and_the_usage(string message, params string[] args)
    {
        var dataset = Dataset(1);
        var missing = PathOf("missing.jsonl");
        string Fill(string s) => s.Replace("{dataset}", dataset, StringComparison.Ordinal).Replace("{missing}", missing, StringComparison.Ordinal);
        var model = Model(_ => true);

        var (code, output, error) = await RunAsync(Suite(() => model), [.. args.Select(Fill)]);

        Assert.Equal(EvalCli.UsageError, code);
        Assert.Equal("", output);
        Assert.StartsWith("eval: " + Fill(message), error, StringComparison.Ordinal);
        Assert.Contains(EvalCli.Usage, error, StringComparison.Ordinal);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task Exit_64_when_several_suites_and_none_chosen()
    {
        var dataset = Dataset(1);
        void Two(EvalSuites suites)
        {
            Suite(() => Model(_ => true), "help")(suites);
            Suite(() => Model(_ => true), "help-v2")(suites);
        }

        var (code, _, error) = await RunAsync(Two, "eval", dataset);
        var chosen = await RunAsync(Two, "eval", dataset, "--suite", "help-v2");

        Assert.Equal(EvalCli.UsageError, code);
        Assert.StartsWith("eval: several suites: choose one with --suite (help, help-v2)", error, StringComparison.Ordinal);
        Assert.Equal(EvalCli.Passed, chosen.Code);
    }

    [Fact]
    public async Task Exit_65_on_an_invalid_dataset_with_every_error_before_anything_runs()
    {
        var path = PathOf("broken.jsonl");
        File.WriteAllLines(path,
        [
            """{"id": "q0", "input": "q0", "expected": "a0"}""",
            """{"id": "q1", "input": 42}""",
            """{"id": "q2", "input": "q2", "expected": "a2", "colour": "blue"}""",
        ]);
        var model = Model(_ => true);

        var (code, output, error) = await RunAsync(Suite(() => model), "eval", path);

        Assert.Equal(EvalCli.InvalidDataset, code);
        Assert.Equal("", output);
        var lines = error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"eval: invalid dataset '{path}': 2 errors", lines[0]);
        Assert.StartsWith("  broken.jsonl:2: $.input: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  broken.jsonl:3: $.colour: ", lines[2], StringComparison.Ordinal);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (code, output, _) = await RunAsync(Suite(() => Model(_ => true)), "eval", "--help");

        Assert.Equal(EvalCli.Passed, code);
        Assert.Contains("usage: eval <dataset.jsonl> [options]", output, StringComparison.Ordinal);
        Assert.Contains("64 usage error, 65 invalid dataset", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_answers_from_the_cache_without_making_the_model()
    {
        var dataset = Dataset(3);
        var cache = PathOf("cache");
        var first = await RunAsync(Suite(() => Model(i => i != 1)), "eval", dataset, "--cache", cache, "--repetitions", "2");
        Assert.Equal(EvalCli.Passed, first.Code);
        Assert.Contains("4/6 runs passed", first.Output, StringComparison.Ordinal);

        var offline = await RunAsync(Suite(() => throw new InvalidOperationException("no key in CI")), "eval", dataset, "--cache", cache, "--offline",
            "--repetitions", "2", "--min-pass-rate", "0.6");

        Assert.Equal(EvalCli.Passed, offline.Code);
        Assert.Contains("4/6 runs passed", offline.Output, StringComparison.Ordinal);
        Assert.Contains("cache 6 hits, 0 misses", offline.Output, StringComparison.Ordinal);

        // A request the cache never saw fails its case, not the program.
        var more = Dataset(4, "more.jsonl");
        var missed = await RunAsync(Suite(() => throw new InvalidOperationException("no key in CI")), "eval", more, "--cache", cache, "--offline", "--min-pass-rate", "1");
        Assert.Equal(EvalCli.BelowMinPassRate, missed.Code);
    }

    [Fact]
    public async Task Offline_needs_an_existing_cache_directory()
    {
        var (code, _, error) = await RunAsync(Suite(() => Model(_ => true)), "eval", Dataset(1), "--cache", PathOf("nowhere"), "--offline");

        Assert.Equal(EvalCli.UsageError, code);
        Assert.Contains("--offline: the cache directory", error, StringComparison.Ordinal);
    }
}
