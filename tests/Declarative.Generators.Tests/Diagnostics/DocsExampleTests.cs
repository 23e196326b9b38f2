using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;
using static Declarative.Generators.Tests.Diagnostics.AnalyzerHarness;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// Runs the analyzer on the examples of each docs page: the first C# block must report the page's
/// diagnostic and nothing else, the second (the fix) must report nothing at all.
/// </summary>
public sealed partial class DocsExampleTests
{
    // The examples use real JsonSerializerContext classes; these tests run without the System.Text.Json
    // source generator, so the generated half of such a context (its constructor and abstract members) is missing.
    private static readonly string[] MissingContextMembers = ["CS0534", "CS7036"];

    // DCL0017 is information that comes with any tool whose types cannot be strict (a dictionary, an
    // 'any' value, a type left to System.Text.Json), so other pages' examples may show it as well.
    private const string StrictSchemaInfo = "DCL0017";

    public static TheoryData<string> Ids => [.. SupportedIds];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_first_example_reports_the_diagnostic_and_nothing_else(string id)
    {
        var example = Examples(id)[0];

        var diagnostics = Relevant(id, await AnalyzeAllowingErrorsAsync(MissingContextMembers, example));

        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(id, d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_fixed_example_reports_nothing(string id)
    {
        var example = Examples(id)[1];

        var diagnostics = Relevant(id, await AnalyzeAllowingErrorsAsync(MissingContextMembers, example));

        Assert.Empty(diagnostics);
    }

    private static List<Diagnostic> Relevant(string id, IEnumerable<Diagnostic> diagnostics)
        => [.. diagnostics.Where(d => id == StrictSchemaInfo || d.Id != StrictSchemaInfo)];

    private static List<string> Examples(string id)
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "diagnostics", id + ".md"));
        var blocks = CSharpBlock().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 2, $"{id}.md needs an example that reports it and a fixed one");
        return blocks;
    }

    [GeneratedRegex(@"^```csharp\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
