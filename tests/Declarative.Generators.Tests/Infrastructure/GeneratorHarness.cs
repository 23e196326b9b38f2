using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Sdk;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>One source file the generator added.</summary>
internal sealed record GeneratedFile(string HintName, string Text);

/// <summary>The outcome of one generator run, kept whole so a test can rerun the same driver.</summary>
internal sealed class GeneratorRun
{
    public required Compilation Input { get; init; }

    public required Compilation Output { get; init; }

    /// <summary>The driver after the run: it holds the cached state a second run compares against.</summary>
    public required GeneratorDriver Driver { get; init; }

    public required GeneratorRunResult Result { get; init; }

    /// <summary>Generated files, ordered by hint name.</summary>
    public IReadOnlyList<GeneratedFile> Files => Result.GeneratedSources
        .OrderBy(s => s.HintName, StringComparer.Ordinal)
        .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()))
        .ToList();
}

/// <summary>Runs <see cref="ToolGenerator"/> the way the compiler does and checks what it produced.</summary>
internal static class GeneratorHarness
{
    /// <summary>The names in <see cref="TrackingNames"/>, read by reflection so a new step is covered at once.</summary>
    public static readonly ImmutableArray<string> TrackedStepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .OrderBy(n => n, StringComparer.Ordinal)
        .ToImmutableArray();

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions)
        => CSharpGeneratorDriver.Create(
            [new ToolGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator (on a new driver unless one is given) and fails if it threw or reported
    /// anything. Does not check the output compiles: see <see cref="RunAndCompile"/>.
    /// </summary>
    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver ??= CreateDriver((CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();

        if (result.Exception is not null)
        {
            throw new XunitException($"The generator threw: {result.Exception}");
        }
        // The generator reports nothing itself: diagnostics belong to the analyzers, so the pipeline stays location-free.
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(result.Diagnostics);

        return new GeneratorRun { Input = compilation, Output = output, Driver = driver, Result = result };
    }

    /// <summary>
    /// Runs the generator and requires the result to compile: no error anywhere, and no warning in a
    /// generated file (users build with warnings as errors, and cannot fix generated code).
    /// </summary>
    public static GeneratorRun RunAndCompile(Compilation compilation, GeneratorDriver? driver = null)
    {
        var run = Run(compilation, driver);
        AssertCompiles(run);
        return run;
    }

    public static void AssertCompiles(GeneratorRun run)
    {
        var generatedTrees = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToHashSet();
        var problems = run.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            .ToList();
        if (problems.Count > 0)
        {
            throw new XunitException("The generated code does not compile cleanly:\n" + Describe(problems));
        }
    }

    /// <summary>Each diagnostic with its file, line and the offending line's text, at most 20.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics.Take(20))
        {
            text.Append("  ").AppendLine(diagnostic.ToString());
            if (diagnostic.Location.SourceTree is { } tree)
            {
                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                text.Append("      | ").AppendLine(tree.GetText().Lines[line].ToString().Trim());
            }
        }
        return text.ToString();
    }
}
