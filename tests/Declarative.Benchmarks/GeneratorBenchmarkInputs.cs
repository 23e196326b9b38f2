using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks;

/// <summary>References, compilations and the SDK's System.Text.Json generator for <see cref="GeneratorBenchmarks"/>.</summary>
internal static class GeneratorBenchmarkInputs
{
    /// <summary>The shared framework plus the Declarative runtime and Microsoft.Extensions.AI.Abstractions.</summary>
    public static ImmutableArray<MetadataReference> References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = Directory.EnumerateFiles(framework, "*.dll")
            .Where(IsManagedAssembly)
            .Append(typeof(ToolAttribute).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.AI.AIFunction).Assembly.Location)
            .Order(StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static CSharpCompilation Compilation(string name, string source, ImmutableArray<MetadataReference> references, CSharpParseOptions parseOptions)
        => CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, parseOptions, name + ".cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The System.Text.Json source generator the SDK ships with the targeting pack:
    /// <c>&lt;dotnet&gt;/packs/Microsoft.NETCore.App.Ref/&lt;highest version&gt;/analyzers/dotnet/cs/System.Text.Json.SourceGeneration.dll</c>,
    /// where <c>&lt;dotnet&gt;</c> is the parent of the <c>shared/</c> folder the running framework lives in.
    /// </summary>
    public static ImmutableArray<ISourceGenerator> SystemTextJsonGenerators()
    {
        var path = SystemTextJsonGeneratorPath();
        var assembly = Assembly.LoadFrom(path);
        var generators = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.IsDefined(typeof(GeneratorAttribute)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
        return generators.Length > 0 ? generators : throw new InvalidOperationException($"No incremental generator in {path}.");
    }

    private static string SystemTextJsonGeneratorPath()
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        while (directory is not null && directory.Name != "shared")
        {
            directory = directory.Parent;
        }
        var root = directory?.Parent ?? throw new InvalidOperationException("The running framework is not under a dotnet root's shared/ folder.");
        var packs = new DirectoryInfo(Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref"));
        var newest = packs.Exists
            ? packs.EnumerateDirectories()
                .Select(d => (Directory: d, Version: Version.TryParse(d.Name.Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .ThenByDescending(d => d.Directory.Name, StringComparer.Ordinal)
                .Select(d => d.Directory)
                .FirstOrDefault()
            : null;
        var path = newest is null ? null : Path.Combine(newest.FullName, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        return path is not null && File.Exists(path)
            ? path
            : throw new FileNotFoundException($"System.Text.Json.SourceGeneration.dll not found under {packs.FullName}/<version>/analyzers/dotnet/cs.");
    }

    /// <summary>Throws unless the run produced at least <paramref name="expectedFiles"/> files and no error.</summary>
    public static void Check(GeneratorDriver driver, int expectedFiles)
    {
        var result = driver.GetRunResult();
        foreach (var run in result.Results)
        {
            if (run.Exception is not null)
            {
                throw new InvalidOperationException($"{run.Generator.GetGeneratorType().Name} threw.", run.Exception);
            }
        }
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || result.GeneratedTrees.Length < expectedFiles)
        {
            throw new InvalidOperationException(
                $"Expected at least {expectedFiles} files and no error; got {result.GeneratedTrees.Length} files and: {string.Join("; ", errors)}");
        }
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
