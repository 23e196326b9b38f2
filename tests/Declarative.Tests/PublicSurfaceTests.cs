using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace Declarative.Tests;

/// <summary>
/// The core package's public surface is deliberate: every public type is either one a user needs (and so
/// the user docs name it) or one only generated code calls (and so editors hide it), and the list of them
/// changes only on purpose (<c>PublicSurface.txt</c> beside this file).
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Core = typeof(AgentRunner).Assembly;

    private static string Root([CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static bool IsHidden(Type type)
        => type.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    private static IEnumerable<Type> TopLevelPublicTypes()
        => Core.GetExportedTypes().Where(t => !t.IsNested).OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static string Listing()
        => string.Join("\n", TopLevelPublicTypes().Select(t => t.FullName + (IsHidden(t) ? "    [hidden: for generated code]" : ""))) + "\n";

    [Fact]
    public void The_public_types_are_the_listed_ones()
    {
        var path = Path.Combine(Root(), "tests", "Declarative.Tests", "PublicSurface.txt");
        var listing = Listing();
        if (Environment.GetEnvironmentVariable("DECLARATIVE_ACCEPT_GOLDEN") == "1")
        {
            File.WriteAllText(path, listing);
        }
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), listing);
    }

    [Fact]
    public void Every_public_type_a_user_sees_is_named_in_the_user_docs()
    {
        var root = Root();
        var docs = string.Join("\n", new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Select(File.ReadAllText));
        var missing = TopLevelPublicTypes()
            .Where(t => !IsHidden(t))
            .Select(t => t.IsGenericType ? t.Name[..t.Name.IndexOf('`')] : t.Name)
            .Distinct()
            .Where(name => !Mentions(docs, name) && !(name.EndsWith("Attribute", StringComparison.Ordinal) && Mentions(docs, name[..^"Attribute".Length])))
            .ToList();
        Assert.True(missing.Count == 0, "public types no user doc names (document them, hide them from editors, or make them internal): " + string.Join(", ", missing));
    }

    [Fact]
    public void Hidden_types_are_ones_generated_code_calls()
    {
        // What the generator emits: the snapshots, and the emitters themselves (some calls appear only for
        // inputs no snapshot has, such as a type left to System.Text.Json).
        var emitted = string.Join("\n", Directory.GetFiles(Path.Combine(Root(), "tests", "Declarative.Generators.Tests", "Snapshots"), "*.cs")
            .Concat(Directory.GetFiles(Path.Combine(Root(), "generators", "Declarative.Generators", "Emitting"), "*.cs"))
            .Select(File.ReadAllText));
        var unused = TopLevelPublicTypes().Where(IsHidden).Select(t => t.Name).Where(name => !emitted.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.True(unused.Count == 0, "hidden types that no generated code in the snapshots uses (make them internal): " + string.Join(", ", unused));
    }

    private static bool Mentions(string docs, string name)
    {
        for (var at = docs.IndexOf(name, StringComparison.Ordinal); at >= 0; at = docs.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : docs[at - 1];
            var after = at + name.Length < docs.Length ? docs[at + name.Length] : ' ';
            if (!char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after))
            {
                return true;
            }
        }
        return false;
    }
}
