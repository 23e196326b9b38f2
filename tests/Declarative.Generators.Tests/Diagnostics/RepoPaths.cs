namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>Files of the repository the diagnostics tests check: the docs pages and the release-tracking tables.</summary>
internal static class RepoPaths
{
    /// <summary>The directory holding <c>Declarative.sln</c>, found by walking up from the test assembly.</summary>
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Declarative.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No Declarative.sln above " + AppContext.BaseDirectory);
    }
}
