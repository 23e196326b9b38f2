using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Declarative.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed snapshot, following Verify's conventions so the files are familiar:
/// <c>Snapshots/&lt;TestClass&gt;.&lt;TestMethod&gt;#&lt;HintName&gt;.verified.cs</c> beside the test
/// sources; a mismatch writes <c>.received.cs</c> next to it and fails with a diff.
/// </summary>
/// <remarks>
/// To accept new or changed output, run the tests with <c>DECLARATIVE_ACCEPT_SNAPSHOTS=1</c> and review
/// the change in git: the verified files are then overwritten and the tests pass. Line endings are
/// normalized to <c>\n</c> on both sides, so a checkout with CRLF does not fail.
/// </remarks>
internal static class Snapshot
{
    public const string AcceptVariable = "DECLARATIVE_ACCEPT_SNAPSHOTS";

    private const string Verified = ".verified.cs";
    private const string Received = ".received.cs";

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true" or "True";

    /// <summary>
    /// The snapshot's base name (no extension): <c>Class.Method#Hint</c>; the class is the test file's
    /// name (one test class per file), the hint loses its trailing <c>.cs</c>, as Verify does.
    /// </summary>
    public static string Name(string testFile, string testMethod, string? hintName)
    {
        var name = Path.GetFileNameWithoutExtension(testFile) + "." + testMethod;
        if (hintName is not null)
        {
            name += "#" + (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName);
        }
        return name;
    }

    /// <summary>Fails unless <paramref name="actual"/> equals the snapshot of this test (and hint).</summary>
    public static void Match(string actual, string? hintName = null, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var directory = Path.Combine(TestPaths.ProjectDirectory(testFile), "Snapshots");
        var name = Name(testFile, testMethod, hintName);
        var verifiedPath = Path.Combine(directory, name + Verified);
        var receivedPath = Path.Combine(directory, name + Received);
        actual = Normalize(actual);

        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        System.IO.Directory.CreateDirectory(directory);
        if (Accepting)
        {
            Write(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        Write(receivedPath, actual);
        var message = expected is null
            ? $"New snapshot {name}{Verified}: review {receivedPath}, then rename it to .verified.cs or rerun with {AcceptVariable}=1.\n"
                + LineDiff.Excerpt("", actual)
            : $"Snapshot {name}{Verified} differs (received file written to {receivedPath}; rerun with {AcceptVariable}=1 to accept):\n"
                + LineDiff.Excerpt(expected, actual);
        throw new XunitException(message);
    }

    /// <summary>
    /// Fails if this test has verified snapshots for hints it no longer produced (say, a file the
    /// generator stopped emitting); when accepting, deletes them instead.
    /// </summary>
    public static void NoOtherSnapshots(IEnumerable<string> hintNames, [CallerFilePath] string testFile = "", [CallerMemberName] string testMethod = "")
    {
        var directory = Path.Combine(TestPaths.ProjectDirectory(testFile), "Snapshots");
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }
        var expected = hintNames.Select(h => Name(testFile, testMethod, h) + Verified).ToHashSet(StringComparer.Ordinal);
        var prefix = Name(testFile, testMethod, null) + "#";
        var stale = System.IO.Directory.EnumerateFiles(directory, prefix + "*" + Verified)
            .Select(Path.GetFileName)
            .Where(f => !expected.Contains(f!))
            .ToList();
        if (stale.Count == 0)
        {
            return;
        }
        if (Accepting)
        {
            stale.ForEach(f => File.Delete(Path.Combine(directory, f!)));
            return;
        }
        throw new XunitException($"Snapshots no longer produced by {testMethod}: {string.Join(", ", stale)} (rerun with {AcceptVariable}=1 to delete them).");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static void Write(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
}

/// <summary>A small line diff (longest common subsequence) shown as unified-style hunks.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const int MaxLines = 80;

    public static string Excerpt(string expected, string actual)
    {
        var a = expected.Length == 0 ? [] : expected.Split('\n');
        var b = actual.Split('\n');
        var edits = Edits(a, b);

        var text = new StringBuilder();
        text.AppendLine("--- verified").AppendLine("+++ received");
        var shown = 0;
        var i = 0;
        while (i < edits.Count && shown < MaxLines)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }
            // A hunk: the change, its neighbours within 2 * Context, and Context lines either side.
            var start = Math.Max(0, i - Context);
            var end = i;
            var quiet = 0;
            while (end < edits.Count && quiet <= 2 * Context)
            {
                quiet = edits[end].Kind == ' ' ? quiet + 1 : 0;
                end++;
            }
            end = Math.Min(edits.Count, end - Math.Max(0, quiet - Context));
            var oldLine = edits[start].OldLine;
            var newLine = edits[start].NewLine;
            text.AppendLine($"@@ -{oldLine + 1} +{newLine + 1} @@");
            for (var k = start; k < end && shown < MaxLines; k++, shown++)
            {
                text.Append(edits[k].Kind).AppendLine(edits[k].Text);
            }
            i = end;
        }
        if (shown >= MaxLines)
        {
            text.AppendLine("... (diff truncated; compare the .received.cs file)");
        }
        return text.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    private static List<Edit> Edits(string[] a, string[] b)
    {
        // lcs[i, j] = length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit('-', a[x], x++, y));
            }
            else
            {
                edits.Add(new Edit('+', b[y], x, y++));
            }
        }
        return edits;
    }
}
