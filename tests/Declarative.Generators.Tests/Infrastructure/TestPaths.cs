using System.Runtime.CompilerServices;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>Where this test project's sources are, for snapshots and for files compared with their twins.</summary>
internal static class TestPaths
{
    private const string ProjectFile = "Declarative.Generators.Tests.csproj";

    /// <summary>
    /// The test project's source folder: the caller's file path when the build kept it, otherwise the
    /// first folder above the test binaries holding the project file (a build with a path map, such as
    /// <c>ContinuousIntegrationBuild</c>, rewrites <see cref="CallerFilePathAttribute"/> paths).
    /// </summary>
    public static string ProjectDirectory([CallerFilePath] string callerFile = "")
    {
        for (var directory = Path.GetDirectoryName(callerFile); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, ProjectFile)))
            {
                return directory;
            }
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Declarative.Generators.Tests");
            if (File.Exists(Path.Combine(directory.FullName, ProjectFile)))
            {
                return directory.FullName;
            }
            if (File.Exists(Path.Combine(candidate, ProjectFile)))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"Cannot find {ProjectFile} above {callerFile} or {AppContext.BaseDirectory}.");
    }
}
