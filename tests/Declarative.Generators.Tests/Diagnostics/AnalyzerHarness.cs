using System.Collections.Immutable;
using System.Text;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Declarative.Generators.Tests.Diagnostics;

/// <summary>
/// Compiles test sources against the real runtime assembly and runs every analyzer (<see cref="Analyzers"/>) on them.
/// Sources are written with markup: <c>{|DCL0001:Store|}</c> marks the exact span where a diagnostic
/// with that id is expected; the markup is removed before compiling.
/// </summary>
internal static class AnalyzerHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Declarative's analyzers, all run on every test source as a build would run them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = [new ToolAnalyzer(), new AgentAnalyzer(), new ReflectionAnalyzer(), new MultiAgentAnalyzer(), new GraderAnalyzer()];

    /// <summary>The ids of every rule the analyzers report.</summary>
    public static IReadOnlyList<string> SupportedIds { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .Select(d => d.Id)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Added to every test compilation, so test sources show only what they are about.</summary>
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.ComponentModel;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Declarative;
        """;

    /// <summary>
    /// The SDK's default: without <c>GenerateDocumentationFile</c>, <c>///</c> comments are not parsed
    /// as documentation, which is the case the analyzers must handle.
    /// </summary>
    public static readonly CSharpParseOptions DefaultParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>Runs the analyzer and asserts it reports exactly the marked diagnostics, at exactly the marked spans.</summary>
    /// <param name="markup">One or more source files with <c>{|ID:text|}</c> markers.</param>
    public static Task VerifyAsync(params string[] markup) => VerifyAsync(DefaultParseOptions, ignoredIds: [], markup);

    /// <summary>As <see cref="VerifyAsync(string[])"/>, but diagnostics with <paramref name="ignoredIds"/> are neither expected nor reported.</summary>
    public static Task VerifyIgnoringAsync(string[] ignoredIds, params string[] markup) => VerifyAsync(DefaultParseOptions, ignoredIds, markup);

    public static Task VerifyAsync(CSharpParseOptions options, string[] ignoredIds, params string[] markup)
        => VerifyAsync(options, ignoredIds, [], markup);

    /// <summary>As <see cref="VerifyAsync(string[])"/>, compiled with <paramref name="extraReferences"/> beside the usual ones.</summary>
    public static Task VerifyWithReferencesAsync(MetadataReference[] extraReferences, params string[] markup)
        => VerifyAsync(DefaultParseOptions, [], extraReferences, markup);

    private static async Task VerifyAsync(CSharpParseOptions options, string[] ignoredIds, MetadataReference[] extraReferences, string[] markup)
    {
        var files = markup.Select((text, index) => Markup.Parse(text, "File" + index + ".cs")).ToList();
        var diagnostics = await AnalyzeAsync(options, files.Select(f => (f.Source, f.Path)).ToArray(), extraReferences: extraReferences);

        var expected = files
            .SelectMany(f => f.Spans.Select(s => Describe(s.Id, f.Path, f.Source, s.Span)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = diagnostics
            .Where(d => !ignoredIds.Contains(d.Id))
            .Select(d => Describe(d.Id, d.Location.SourceTree!.FilePath, d.Location.SourceTree.GetText().ToString(), d.Location.SourceSpan))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
    }

    /// <summary>The analyzer's diagnostics for plain sources (no markup), after checking they compile.</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources)
        => AnalyzeAsync(DefaultParseOptions, sources.Select((s, i) => (s, "File" + i + ".cs")).ToArray());

    /// <summary>The one diagnostic with <paramref name="id"/> reported for <paramref name="source"/>.</summary>
    public static async Task<Diagnostic> SingleAsync(string id, params string[] sources)
    {
        var diagnostics = await AnalyzeAsync(sources);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    /// <summary>
    /// The analyzer's diagnostics for a source that may have compiler errors with <paramref name="allowedErrorIds"/>:
    /// for example the members a source generator would add, when the test runs without that generator.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAllowingErrorsAsync(string[] allowedErrorIds, string source)
        => AnalyzeAsync(DefaultParseOptions, [(source, "File0.cs")], allowedErrorIds);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        CSharpParseOptions options, (string Source, string Path)[] sources, string[]? allowedErrorIds = null, MetadataReference[]? extraReferences = null)
    {
        var trees = sources
            .Append((Source: GlobalUsings, Path: "GlobalUsings.cs"))
            .Select(s => CSharpSyntaxTree.ParseText(s.Source, options, s.Path))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "AnalyzerTests",
            trees,
            References.Value.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        // A test source that does not compile would test the analyzer on input no user can build.
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && allowedErrorIds?.Contains(d.Id) != true)
            .ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));

        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        // The analyzer itself throwing surfaces as AD0001; that is a failure whatever the test expects.
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    private static string Describe(string id, string path, string text, TextSpan span)
    {
        var position = SourceText.From(text).Lines.GetLinePosition(span.Start);
        return $"{id} {path}({position.Line + 1},{position.Character + 1}) '{text.Substring(span.Start, span.Length)}'";
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(ToolAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    /// <summary>A source file with its markers removed, and the spans they marked.</summary>
    private sealed record Markup(string Path, string Source, IReadOnlyList<(string Id, TextSpan Span)> Spans)
    {
        public static Markup Parse(string markup, string path)
        {
            var source = new StringBuilder(markup.Length);
            var spans = new List<(string, TextSpan)>();
            var index = 0;
            while (true)
            {
                var open = markup.IndexOf("{|", index, StringComparison.Ordinal);
                if (open < 0)
                {
                    source.Append(markup, index, markup.Length - index);
                    break;
                }
                source.Append(markup, index, open - index);
                var colon = markup.IndexOf(':', open);
                var close = markup.IndexOf("|}", colon, StringComparison.Ordinal);
                var id = markup.Substring(open + 2, colon - open - 2);
                var text = markup.Substring(colon + 1, close - colon - 1);
                spans.Add((id, new TextSpan(source.Length, text.Length)));
                source.Append(text);
                index = close + 2;
            }
            return new Markup(path, source.ToString(), spans);
        }
    }
}
