using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Declarative.Generators;
using Declarative.Synthetic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks;

/// <summary>
/// The <see cref="GeneratorBenchmarks"/> comparison run interleaved in one process, for a machine
/// shared with other work: <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --generators-interleaved [rounds] [warmups]</c>.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs the two benchmarks one after the other, each in its own process, so when the
/// load of the machine changes between them (other builds on two shared cores) the ratio moves with
/// it: the same code measured 0.42 to 0.97. Here each round runs both generators back to back, in
/// alternating order, on the same inputs and with the same setup as <see cref="GeneratorBenchmarks"/>
/// (fresh driver, <see cref="Compilation.Clone"/>, a full collection before each run), so both see
/// the same load. Reported: each side's minimum and median wall time and process CPU time (CPU time
/// is not inflated by waiting for a core), and the median of the per-round ratios.
/// </remarks>
internal static class GeneratorInterleaved
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        var warmups = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;

        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        var references = GeneratorBenchmarkInputs.References();
        var toolCompilation = GeneratorBenchmarkInputs.Compilation("Tools", SyntheticSources.Tools(classes: 100, toolsPerClass: 10), references, parseOptions);
        var jsonCompilation = GeneratorBenchmarkInputs.Compilation("Json", SyntheticSources.JsonContext(count: 1000), references, parseOptions);
        var jsonGenerators = GeneratorBenchmarkInputs.SystemTextJsonGenerators();

        GeneratorDriver RunJson() => CSharpGeneratorDriver.Create(jsonGenerators, parseOptions: parseOptions).RunGenerators(jsonCompilation.Clone());
        GeneratorDriver RunTools() => CSharpGeneratorDriver.Create([new ToolGenerator().AsSourceGenerator()], parseOptions: parseOptions).RunGenerators(toolCompilation.Clone());

        GeneratorBenchmarkInputs.Check(RunTools(), expectedFiles: 100);
        GeneratorBenchmarkInputs.Check(RunJson(), expectedFiles: 1000);

        var json = new Samples();
        var tools = new Samples();
        for (var i = 0; i < warmups + rounds; i++)
        {
            var measured = i >= warmups;
            if (i % 2 == 0)
            {
                Measure(RunJson, measured ? json : null);
                Measure(RunTools, measured ? tools : null);
            }
            else
            {
                Measure(RunTools, measured ? tools : null);
                Measure(RunJson, measured ? json : null);
            }
        }

        var ratios = tools.Wall.Zip(json.Wall, (t, j) => t / j).ToList();
        var cpuRatios = tools.Cpu.Zip(json.Cpu, (t, j) => t / j).ToList();
        Console.WriteLine($"Interleaved, {rounds} rounds after {warmups} warm-up rounds, load average {InterleavedStats.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| Generator | Wall min | Wall median | CPU min | CPU median | Allocated |");
        Console.WriteLine("|-----------|---------:|------------:|--------:|-----------:|----------:|");
        Console.WriteLine(json.Row("System.Text.Json, 1,000 records"));
        Console.WriteLine(tools.Row("Declarative, 1,000 tools"));
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"Ratio (Declarative / System.Text.Json): wall {InterleavedStats.Median(ratios):F2} (median of rounds; {tools.Wall.Min() / json.Wall.Min():F2} by minimum), CPU {InterleavedStats.Median(cpuRatios):F2} (median of rounds; {tools.Cpu.Min() / json.Cpu.Min():F2} by minimum)"));
        return 0;
    }

    private static void Measure(Func<GeneratorDriver> run, Samples? samples)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(run());
        var wall = Stopwatch.GetElapsedTime(start);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        var cpuTime = process.TotalProcessorTime - cpu;
        samples?.Add(wall.TotalMilliseconds, cpuTime.TotalMilliseconds, allocated);
    }

    private sealed class Samples
    {
        public List<double> Wall { get; } = [];

        public List<double> Cpu { get; } = [];

        private long _allocated;

        public void Add(double wall, double cpu, long allocated)
        {
            Wall.Add(wall);
            Cpu.Add(cpu);
            _allocated = allocated;
        }

        public string Row(string name) => FormattableString.Invariant(
            $"| {name} | {Wall.Min():F1} ms | {InterleavedStats.Median(Wall):F1} ms | {Cpu.Min():F0} ms | {InterleavedStats.Median(Cpu):F0} ms | {_allocated / 1024.0 / 1024.0:F2} MB |");
    }
}
