using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// Keeps the descriptors, the analyzer, the release-tracking file and the docs in step: every rule
/// is reported by the analyzer, tracked, and documented on its own page and in the index.
/// </summary>
public sealed partial class DescriptorCatalogTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    public static TheoryData<string> Ids => [.. Descriptors.Select(d => d.Id)];

    [Fact]
    public void Ids_are_unique_sequential_and_all_supported_by_an_analyzer()
    {
        var expected = Enumerable.Range(1, Descriptors.Count).Select(i => $"DCL{i:0000}").ToList();
        Assert.Equal(expected, Descriptors.Select(d => d.Id).ToList());

        // Each rule belongs to exactly one analyzer.
        Assert.Equal(expected, AnalyzerHarness.SupportedIds);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_descriptor_has_the_category_a_help_link_and_a_docs_page(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);

        Assert.Equal("Declarative", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal($"https://github.com/declarative-dotnet/declarative/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        var page = Path.Combine(RepoPaths.Root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        Assert.Contains(SeverityName(descriptor.DefaultSeverity), text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_docs_index_lists_every_descriptor_with_its_severity_and_title()
    {
        var rows = TableRows(Path.Combine(RepoPaths.Root, "docs", "diagnostics", "README.md"))
            .Select(cells => (Id: LinkText().Match(cells[0]).Groups[1].Value, Severity: cells[1], Title: cells[2]))
            .ToList();

        var expected = Descriptors.Select(d => (d.Id, SeverityName(d.DefaultSeverity), d.Title.ToString(CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void The_unshipped_release_lists_every_descriptor_and_nothing_else()
    {
        var path = Path.Combine(RepoPaths.Root, "generators", "Declarative.Generators", "Diagnostics", "AnalyzerReleases.Unshipped.md");
        var rows = TableRows(path)
            .Select(cells => (Id: cells[0], Category: cells[1], Severity: cells[2]))
            .ToList();

        var expected = Descriptors.Select(d => (d.Id, d.Category, SeverityName(d.DefaultSeverity))).ToList();
        Assert.Equal(expected, rows);
    }

    private static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "Error",
        DiagnosticSeverity.Warning => "Warning",
        DiagnosticSeverity.Info => "Info",
        _ => "Hidden",
    };

    /// <summary>The cells of a Markdown table's data rows (header and separator skipped).</summary>
    private static IEnumerable<string[]> TableRows(string path)
        => File.ReadAllLines(path)
            .Where(line => line.Contains('|') && line.TrimStart().StartsWith("DCL", StringComparison.Ordinal) || line.TrimStart().StartsWith("| [DCL", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray());

    [GeneratedRegex(@"^\[(DCL\d{4})\]\(\1\.md\)$")]
    private static partial Regex LinkText();
}
