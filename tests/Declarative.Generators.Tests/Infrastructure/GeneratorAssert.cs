using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>The checks every generator test makes, in one call.</summary>
internal static class GeneratorAssert
{
    /// <summary>
    /// Runs the generator on <paramref name="source"/> and checks, in order: it ran without error;
    /// its output compiles cleanly; a rerun on a cloned compilation is all cached; the pipeline's
    /// models hold only values; and each generated file matches its snapshot
    /// (<c>Snapshots/&lt;TestClass&gt;.&lt;TestMethod&gt;#&lt;HintName&gt;.verified.cs</c>).
    /// </summary>
    /// <param name="source">The user's code.</param>
    /// <param name="documentationMode">How doc comments are parsed; the SDK's default is <see cref="DocumentationMode.None"/>.</param>
    /// <param name="only">
    /// The hint names to snapshot, to keep a test on its one concept when the source also produces
    /// files other tests cover; all files when null. Every file is still compiled and checked.
    /// </param>
    public static GeneratorRun MatchesSnapshots(
        string source,
        DocumentationMode documentationMode = DocumentationMode.None,
        string[]? only = null,
        [CallerFilePath] string testFile = "",
        [CallerMemberName] string testMethod = "")
        => MatchesSnapshots(TestCompilation.Create(source, documentationMode), only, testFile, testMethod);

    public static GeneratorRun MatchesSnapshots(Compilation compilation, string[]? only = null, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var run = Checked(compilation);
        var files = run.Files.Where(f => only is null || only.Contains(f.HintName, StringComparer.Ordinal)).ToList();
        if (files.Count == 0 || (only is not null && files.Count != only.Length))
        {
            throw new XunitException($"Expected files to snapshot ({(only is null ? "any" : string.Join(", ", only))}); generated: {string.Join(", ", run.Files.Select(f => f.HintName))}.");
        }
        foreach (var file in files)
        {
            Snapshot.Match(file.Text, file.HintName, testFile, testMethod);
        }
        Snapshot.NoOtherSnapshots(files.Select(f => f.HintName), testFile, testMethod);
        return run;
    }

    /// <summary>Everything <see cref="MatchesSnapshots(string, DocumentationMode, string[], string, string)"/> checks, except the snapshots.</summary>
    public static GeneratorRun Checked(Compilation compilation)
    {
        var run = GeneratorHarness.RunAndCompile(compilation);
        Incrementality.AssertCacheable(run);
        ModelsAreValues(run);
        return run;
    }

    /// <summary>Walks every output of every tracked step (see <see cref="ModelGraph"/>).</summary>
    public static void ModelsAreValues(GeneratorRun run)
    {
        var problems = new List<string>();
        foreach (var name in GeneratorHarness.TrackedStepNames)
        {
            var index = 0;
            foreach (var (value, _) in Incrementality.Outputs(run.Result, name))
            {
                problems.AddRange(ModelGraph.FindProblems(value, $"{name}[{index++}]"));
            }
        }
        if (problems.Count > 0)
        {
            throw new XunitException("Pipeline models must hold only values:\n  " + string.Join("\n  ", problems.Distinct().Take(30)));
        }
    }
}
