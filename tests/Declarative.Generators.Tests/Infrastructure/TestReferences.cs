using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>
/// The metadata references a test compilation sees: the running framework's assemblies, the
/// Declarative runtime and Microsoft.Extensions.AI.Abstractions — what a user's project would reference.
/// </summary>
/// <remarks>
/// Built once per test run: creating a <see cref="MetadataReference"/> reads the file, and Roslyn
/// caches the metadata on the reference object, so sharing them keeps each compilation cheap.
/// </remarks>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(Load);

    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    /// <summary>As <see cref="All"/> without Declarative.Evaluation: a project that has no evals.</summary>
    public static ImmutableArray<MetadataReference> WithoutEvaluation => All
        .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "Declarative.Evaluation.dll", StringComparison.OrdinalIgnoreCase))
        .ToImmutableArray();

    private static ImmutableArray<MetadataReference> Load()
    {
        var paths = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsFrameworkAssembly(path))
            {
                paths[Path.GetFileName(path)] = path;
            }
        }

        // Named explicitly so that a change in how the test host lists its dependencies cannot drop them.
        foreach (var assembly in new[]
        {
            typeof(ToolAttribute).Assembly,
            typeof(Microsoft.Extensions.AI.AIFunction).Assembly,
            typeof(Declarative.Evaluation.GraderAttribute).Assembly,
        })
        {
            paths[Path.GetFileName(assembly.Location)] = assembly.Location;
        }

        return paths.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    /// <summary>
    /// Only the shared framework: the test host also lists xunit, Roslyn and the generator itself,
    /// which a user's compilation would not see and which would only slow every test down.
    /// </summary>
    private static bool IsFrameworkAssembly(string path)
    {
        var directory = Path.GetDirectoryName(path) ?? "";
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        return string.Equals(directory, frameworkDirectory, StringComparison.Ordinal);
    }
}
