using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Declarative.Generators;
using Declarative.Generators.Parsing;
using Declarative.Synthetic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks;

/// <summary>
/// What the generator costs an editor after each keystroke-sized edit, with the per-compilation
/// <see cref="ParseCache"/> shared across <c>[Tool]</c> methods and with a private cache per method:
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --generators-ide-edit [rounds] [warmups] [cold-rounds]</c>.
/// </summary>
/// <remarks>
/// <para>
/// The project is the benchmarks' synthetic one (<see cref="SyntheticSources.Tools"/>: 1,000 tools in 100
/// classes), laid out as an editor sees a project: one file per class plus one for the shared types.
/// Each variant has its own <see cref="GeneratorDriver"/>, run once on the whole project and then kept,
/// as the IDE keeps it. Each round makes one typical edit in a class file not edited before (a method
/// body, a tool's doc comment, a new optional parameter, in turn), replaces that syntax tree in the
/// variant's compilation and times <c>RunGenerators</c> on it (wall and process CPU time). All variants
/// get the same edit in the same round, in rotating order, so they see the same machine load.
/// </para>
/// <para>
/// Then <c>cold-rounds</c> rounds time a fresh driver on a <see cref="Compilation.Clone"/> of the whole
/// project (the build's case, as <see cref="GeneratorInterleaved"/> measures it) with either variant.
/// The variants' outputs are checked to be the same text after every edit.
/// </para>
/// </remarks>
internal static class GeneratorIdeEdit
{
    private delegate string Edit(string text, int round);

    private static readonly (string Name, Edit Apply)[] Edits =
    [
        ("a method body", static (text, round) => ReplaceFirst(text, "=> query;", "=> query + \"" + round.ToString(CultureInfo.InvariantCulture) + "\";")),
        ("a tool's doc comment", static (text, round) => Regex.Replace(text, @"(/// <summary>Operation \d+ of service \d+)\.", "$1, revised in round " + round.ToString(CultureInfo.InvariantCulture) + ".", RegexOptions.None, TimeSpan.FromSeconds(1))),
        ("a new optional parameter", static (text, round) => ReplaceFirst(text, "int limit = 10)", "int limit = 10, int extra" + round.ToString(CultureInfo.InvariantCulture) + " = 0)")),
    ];

    public static int Run(string[] args)
    {
        var rounds = InterleavedComparison.Count(args, 0, 60);
        var warmups = InterleavedComparison.Count(args, 1, 15);
        var coldRounds = InterleavedComparison.Count(args, 2, 10);
        const int Classes = 100;
        if (warmups + rounds > Classes)
        {
            throw new ArgumentException($"warm-ups + rounds must be at most {Classes}: each edit goes to a class file not edited before.");
        }

        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        var files = Files(SyntheticSources.Tools(classes: Classes, toolsPerClass: 10));
        var project = CSharpCompilation.Create(
            "Tools",
            files.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, "File" + i.ToString("D3", CultureInfo.InvariantCulture) + ".cs")),
            GeneratorBenchmarkInputs.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Variant[] variants =
        [
            new("shared ParseCache", new(Shared: true), project.Clone(), parseOptions),
            new("private cache per method", new(Shared: false), project.Clone(), parseOptions),
        ];
        GeneratorBenchmarkInputs.Check(variants[0].Driver, expectedFiles: Classes);
        SameOutput(variants);

        // samples[edit kind][variant] = (wall, cpu) per measured round
        var samples = Edits.Select(_ => variants.Select(_ => new List<(double Wall, double Cpu)>()).ToArray()).ToArray();
        for (var round = 0; round < warmups + rounds; round++)
        {
            // Class files are 1..100 (file 0 holds the shared types); 37 is prime to 100, so no file is edited twice.
            var file = 1 + (round * 37 % Classes);
            var kind = round % Edits.Length;
            for (var step = 0; step < variants.Length; step++)
            {
                // Rotate who goes first, so no variant always runs right after another's garbage.
                var v = (step + round) % variants.Length;
                var time = variants[v].EditAndRun(file, Edits[kind].Apply, round);
                if (round >= warmups)
                {
                    samples[kind][v].Add(time);
                }
            }
            SameOutput(variants);
        }

        var cold = variants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < coldRounds + 2; round++)
        {
            for (var step = 0; step < variants.Length; step++)
            {
                var v = (step + round) % variants.Length;
                var time = Cold(project, parseOptions, variants[v].Settings);
                if (round >= 2)
                {
                    cold[v].Add(time.Cpu);
                }
            }
        }

        var baseline = variants.Length - 1;
        Console.WriteLine(FormattableString.Invariant(
            $"IDE edits on 1,000 tools in {Classes} class files: {rounds} edits after {warmups} warm-up edits, load average {InterleavedStats.LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| Edit, then RunGenerators | " + string.Join(" | ", variants.Select(v => v.Name + ": wall median | CPU median | ratio to " + variants[baseline].Name + " (wall, median of rounds)")) + " |");
        Console.WriteLine("|---" + string.Concat(Enumerable.Repeat("|---:|---:|---:", variants.Length)) + "|");
        for (var kind = 0; kind < Edits.Length; kind++)
        {
            var cells = variants.Select((_, v) =>
            {
                var own = samples[kind][v];
                var ratios = own.Zip(samples[kind][baseline], static (o, b) => o.Wall / b.Wall).ToList();
                return FormattableString.Invariant(
                    $"{InterleavedStats.Median(own.ConvertAll(t => t.Wall)):F1} ms | {InterleavedStats.Median(own.ConvertAll(t => t.Cpu)):F0} ms | {InterleavedStats.Median(ratios):F2}");
            });
            Console.WriteLine($"| {Edits[kind].Name} ({samples[kind][0].Count}) | " + string.Join(" | ", cells) + " |");
        }
        var coldCells = variants.Select((_, v) =>
        {
            var ratios = cold[v].Zip(cold[baseline], static (o, b) => o / b).ToList();
            return FormattableString.Invariant($" | {InterleavedStats.Median(cold[v]):F0} ms | {InterleavedStats.Median(ratios):F2} (CPU)");
        });
        Console.WriteLine($"| cold: fresh driver, whole project ({cold[0].Count}) | " + string.Join(" | ", coldCells) + " |");
        return 0;
    }

    /// <summary>One file with the shared types, then one file per class, each with the usings and namespace it needs.</summary>
    private static List<string> Files(string source)
    {
        var firstClass = source.IndexOf("\npublic partial class Service", StringComparison.Ordinal);
        var header = source[..firstClass];
        var prologue = string.Join("\n", header.Split('\n').Where(l => l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("namespace ", StringComparison.Ordinal))) + "\n";
        var files = new List<string> { header };
        var classes = Regex.Split(source[firstClass..], @"(?=\npublic (?:static )?partial class Service)", RegexOptions.None, TimeSpan.FromSeconds(1));
        files.AddRange(classes.Where(c => c.Length > 0).Select(c => prologue + c));
        return files;
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException($"'{old}' not found in the edited file.") : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    private static void SameOutput(Variant[] variants)
    {
        var first = Output(variants[0]);
        if (variants.Skip(1).Any(v => !Output(v).SequenceEqual(first)))
        {
            throw new InvalidOperationException("The variants generated different code.");
        }
    }

    private static List<string> Output(Variant variant) => variant.Driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString()).ToList();

    private static (double Wall, double Cpu) Cold(CSharpCompilation project, CSharpParseOptions parseOptions, CacheSettings settings)
        => settings.Apply(() => Time(() => CSharpGeneratorDriver.Create([new ToolGenerator().AsSourceGenerator()], parseOptions: parseOptions).RunGenerators(project.Clone())));

    /// <summary>The generator's benchmark switch, <see cref="ParseCache.SharedPerCompilation"/>, set for one run.</summary>
    private sealed record CacheSettings(bool Shared)
    {
        public T Apply<T>(Func<T> run)
        {
            ParseCache.SharedPerCompilation = Shared;
            try
            {
                return run();
            }
            finally
            {
                ParseCache.SharedPerCompilation = true;
            }
        }
    }

    private static (double Wall, double Cpu) Time(Func<GeneratorDriver> run)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(run());
        var wall = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        return (wall.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    /// <summary>One side of the comparison: its own driver and compilation, edited in step with the other.</summary>
    private sealed class Variant
    {
        private Compilation _compilation;

        public Variant(string name, CacheSettings settings, Compilation compilation, CSharpParseOptions parseOptions)
        {
            Name = name;
            Settings = settings;
            _compilation = compilation;
            Driver = CSharpGeneratorDriver.Create([new ToolGenerator().AsSourceGenerator()], parseOptions: parseOptions, driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
            Driver = Settings.Apply(() => Driver.RunGenerators(_compilation));
        }

        public string Name { get; }

        public CacheSettings Settings { get; }

        public GeneratorDriver Driver { get; private set; }

        public (double Wall, double Cpu) EditAndRun(int file, Edit edit, int round)
        {
            var tree = _compilation.SyntaxTrees.Single(t => t.FilePath == "File" + file.ToString("D3", CultureInfo.InvariantCulture) + ".cs");
            var text = tree.GetText().ToString();
            var edited = edit(text, round);
            if (edited == text)
            {
                throw new InvalidOperationException($"The edit changed nothing in {tree.FilePath}.");
            }
            _compilation = _compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited)));
            return Settings.Apply(() => Time(() => Driver = Driver.RunGenerators(_compilation)));
        }
    }
}
