using System.Globalization;

namespace Declarative.Evaluation;

/// <summary>The <c>eval</c> command's arguments, read and checked; a mistake is a message for the user, not an exception.</summary>
internal sealed record CliArguments
{
    public required string Dataset { get; init; }
    public string? Suite { get; init; }
    public string? Baseline { get; init; }
    public double? MinPassRate { get; init; }
    public string? Json { get; init; }
    public string? Html { get; init; }
    public int? Repetitions { get; init; }
    public int? Parallel { get; init; }
    public string? Cache { get; init; }
    public bool Offline { get; init; }

    public const string Usage = """
        usage: eval <dataset.jsonl> [options]

          --suite <name>           the suite to run (required when the program registers several)
          --baseline <file.json>   a previous JSON report to compare with; a significant drop exits 2
          --min-pass-rate <0..1>   the lowest acceptable pass rate (e.g. 0.8); below it exits 1
          --json <file.json>       write the JSON report (and, with --baseline, <file>.comparison.json)
          --html <file.html>       write the HTML report
          --repetitions <n>        runs per case (default: the suite's, else 1)
          --parallel <n>           runs at the same time (default: the suite's, else 4)
          --cache <dir>            keep model responses in <dir>, reused on the next run
          --offline                use the cache only: no model calls; a request not in it fails its case
          --help                   show this text

        exit codes: 0 passed, 1 pass rate below --min-pass-rate, 2 significant regression against --baseline,
                    64 usage error, 65 invalid dataset
        """;

    /// <summary>Reads the arguments; on a mistake returns null with the reason in <paramref name="error"/>.</summary>
    public static CliArguments? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        help = false;
        error = null;
        if (args.Count == 0)
        {
            error = "no command: the command is 'eval'";
            return null;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            help = true;
            return null;
        }
        if (args[0] != "eval")
        {
            error = $"unknown command '{args[0]}': the command is 'eval'";
            return null;
        }

        string? dataset = null, suite = null, baseline = null, json = null, html = null, cache = null;
        double? minPassRate = null;
        int? repetitions = null, parallel = null;
        var offline = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                return null;
            }
            if (arg == "--offline")
            {
                offline = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (dataset is not null)
                {
                    error = $"unexpected argument '{arg}': one dataset only (already '{dataset}')";
                    return null;
                }
                dataset = arg;
                continue;
            }
            // --name value, or --name=value
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                value = null;
            }
            if (name is not ("--suite" or "--baseline" or "--min-pass-rate" or "--json" or "--html" or "--repetitions" or "--parallel" or "--cache"))
            {
                error = $"unknown option '{name}'";
                return null;
            }
            if (string.IsNullOrEmpty(value))
            {
                error = $"{name} needs a value";
                return null;
            }
            switch (name)
            {
                case "--suite": suite = value; break;
                case "--baseline": baseline = value; break;
                case "--json": json = value; break;
                case "--html": html = value; break;
                case "--cache": cache = value; break;
                case "--min-pass-rate":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate >= 0 && rate <= 1))
                    {
                        error = $"--min-pass-rate '{value}': expected a number from 0 to 1, like 0.8";
                        return null;
                    }
                    minPassRate = rate;
                    break;
                case "--repetitions":
                case "--parallel":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                    {
                        error = $"{name} '{value}': expected a whole number of at least 1";
                        return null;
                    }
                    if (name == "--repetitions")
                    {
                        repetitions = count;
                    }
                    else
                    {
                        parallel = count;
                    }
                    break;
            }
        }
        if (dataset is null)
        {
            error = "no dataset: give the JSONL file of cases";
            return null;
        }
        return new CliArguments
        {
            Dataset = dataset,
            Suite = suite,
            Baseline = baseline,
            MinPassRate = minPassRate,
            Json = json,
            Html = html,
            Repetitions = repetitions,
            Parallel = parallel,
            Cache = cache,
            Offline = offline,
        };
    }
}
