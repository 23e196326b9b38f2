using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>Builds the compilations the generator runs on, with the settings of an SDK-style project.</summary>
internal static class TestCompilation
{
    /// <summary>
    /// The parse options of a default SDK project: latest language version and, because
    /// <c>GenerateDocumentationFile</c> is off by default, <see cref="DocumentationMode.None"/>. That
    /// default matters: doc comments are then plain trivia, and the generator must still read them.
    /// </summary>
    public static CSharpParseOptions ParseOptions(DocumentationMode documentationMode = DocumentationMode.None)
        => new(LanguageVersion.Latest, documentationMode);

    public static CSharpCompilation Create(string source, DocumentationMode documentationMode = DocumentationMode.None)
        => Create([source], documentationMode);

    public static CSharpCompilation Create(IEnumerable<string> sources, DocumentationMode documentationMode = DocumentationMode.None)
        => Create(sources, TestReferences.All, documentationMode);

    /// <summary>As <see cref="Create(IEnumerable{string}, DocumentationMode)"/>, against <paramref name="references"/>.</summary>
    public static CSharpCompilation Create(IEnumerable<string> sources, IEnumerable<MetadataReference> references, DocumentationMode documentationMode = DocumentationMode.None)
    {
        var parseOptions = ParseOptions(documentationMode);
        var trees = sources.Select((source, index) => Parse(source, $"Source{index}.cs", parseOptions));
        return CSharpCompilation.Create(
            "Declarative.UserCode",
            trees,
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // Every warning wave: users build with warnings as errors, so generated code must not add any.
                warningLevel: 9999,
                deterministic: true));
    }

    public static SyntaxTree Parse(string source, string path, CSharpParseOptions parseOptions)
        => CSharpSyntaxTree.ParseText(source, parseOptions, path);

    /// <summary>Replaces the tree at <paramref name="path"/> with new text, keeping its parse options.</summary>
    public static Compilation ReplaceSource(Compilation compilation, string path, string newSource)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, Parse(newSource, path, (CSharpParseOptions)old.Options));
    }

    /// <summary>Adds a new file, parsed like the compilation's others.</summary>
    public static Compilation AddSource(Compilation compilation, string path, string source)
    {
        var options = (CSharpParseOptions)compilation.SyntaxTrees.First().Options;
        return compilation.AddSyntaxTrees(Parse(source, path, options));
    }
}
