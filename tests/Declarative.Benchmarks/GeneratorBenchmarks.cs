using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Declarative.Generators;
using Declarative.Synthetic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks;

/// <summary>
/// What a cold build pays for generation: Declarative's <see cref="ToolGenerator"/> on 1,000
/// <c>[Tool]</c> methods in 100 classes, against what a user would otherwise run — the
/// System.Text.Json source generator (the one the SDK ships) on 1,000 records named by
/// <c>[JsonSerializable]</c> on one context. Target: the tool generator costs at most half.
/// </summary>
/// <remarks>
/// <para>
/// "Cold" means a new driver, so nothing is cached, on a compilation with no semantic information
/// yet. Parsing and reference loading happen once, in <see cref="Setup"/>, as in a real build they
/// happen before generators run. Roslyn caches symbols and bindings on a compilation object, so each
/// invocation runs on <see cref="Compilation.Clone"/>: the same syntax trees and references, fresh
/// symbols. Cloning is constant time, so it stays inside the measured method rather than in an
/// <c>[IterationSetup]</c> (which would force one invocation per iteration and add noise).
/// </para>
/// <para>
/// Both generators therefore pay for the binding they force (declaration tables, attribute and
/// member symbols); that is part of what a generator costs a build.
/// </para>
/// <para>
/// The job is fixed here because short jobs mislead. The System.Text.Json generator ships
/// precompiled (ReadyToRun); ours, and the Roslyn code paths only it exercises, are jitted and tiered
/// up while they run. Alone in its process (as BenchmarkDotNet runs each benchmark), our generator
/// needs about 100 invocations on the project's 2-core machine before its time stops falling
/// (CPU time per run, median of each 10: 517, 251, 180, 147, ... 87, 79, 83, 84, 82 ms); the
/// System.Text.Json one is level after about 20. A compiler server runs generators warm, so both
/// benchmarks get 100 warm-up and 30 measured invocations (a full GC between iterations). Min and
/// Median are shown because on a shared machine the mean is pulled by other processes' bursts; for
/// a ratio that does not move with the machine's load, run <see cref="GeneratorInterleaved"/>.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 100, iterationCount: 30)]
[MinColumn, MedianColumn, MaxColumn]
public class GeneratorBenchmarks
{
    private CSharpParseOptions _parseOptions = null!;
    private CSharpCompilation _toolCompilation = null!;
    private CSharpCompilation _jsonCompilation = null!;
    private ImmutableArray<ISourceGenerator> _jsonGenerators;

    [GlobalSetup]
    public void Setup()
    {
        _parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        var references = GeneratorBenchmarkInputs.References();
        _toolCompilation = GeneratorBenchmarkInputs.Compilation("Tools", SyntheticSources.Tools(classes: 100, toolsPerClass: 10), references, _parseOptions);
        _jsonCompilation = GeneratorBenchmarkInputs.Compilation("Json", SyntheticSources.JsonContext(count: 1000), references, _parseOptions);
        _jsonGenerators = GeneratorBenchmarkInputs.SystemTextJsonGenerators();

        // Fail fast, before timing anything, if either run is not doing the work it claims to.
        GeneratorBenchmarkInputs.Check(Run([new ToolGenerator().AsSourceGenerator()], _toolCompilation), expectedFiles: 100);
        GeneratorBenchmarkInputs.Check(Run(_jsonGenerators, _jsonCompilation), expectedFiles: 1000);
    }

    [Benchmark(Baseline = true, Description = "System.Text.Json, 1,000 records")]
    public GeneratorDriver SystemTextJson() => Run(_jsonGenerators, _jsonCompilation);

    [Benchmark(Description = "Declarative, 1,000 tools")]
    public GeneratorDriver DeclarativeTools() => Run([new ToolGenerator().AsSourceGenerator()], _toolCompilation);

    private GeneratorDriver Run(ImmutableArray<ISourceGenerator> generators, CSharpCompilation compilation)
        => CSharpGeneratorDriver.Create(generators, parseOptions: _parseOptions).RunGenerators(compilation.Clone());
}
