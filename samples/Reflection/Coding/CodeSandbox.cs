using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Declarative;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReflectionSample.Coding;

/// <summary>What compiling a snippet gave: the assembly's bytes, or the findings that stopped it.</summary>
internal sealed record CompileOutcome(byte[]? Assembly, IReadOnlyList<ToolError> Findings);

/// <summary>What running a snippet's tests gave.</summary>
internal sealed record TestOutcome(int Passed, int Total, IReadOnlyList<ToolError> Failures);

/// <summary>
/// Compiles a model's C# with its tests in-process (Roslyn, into bytes, never to disk) and runs the tests in a child
/// process. The limits, all here where a reviewer sees them:
/// <list type="bullet">
/// <item><description>references: System.Private.CoreLib, System.Runtime, System.Collections and System.Linq only;</description></item>
/// <item><description>the model's code may use only the namespaces <see cref="AllowedNamespaces"/>, and none of the
/// types in <see cref="DeniedTypes"/> (no files, network, processes, reflection, interop, threads, environment);
/// unsafe code is off;</description></item>
/// <item><description>the child: this sample's own executable in its hidden <c>--run-snippet</c> mode, the snippet
/// on stdin, an empty temporary working directory, an environment reduced to what the .NET host needs (no API keys),
/// a 256 MB GC heap limit, output capped at 64 KB, and killed (with its process tree) after <see cref="TimeLimit"/>.</description></item>
/// </list>
/// This keeps honest mistakes and a runaway loop contained; it is not a boundary against a hostile author — for that,
/// run the child in a container or a jail as well.
/// </summary>
internal sealed class CodeSandbox(TimeSpan timeLimit)
{
    /// <summary>The path findings on the model's code use: the answer's <c>code</c> property.</summary>
    public const string CodePath = "$.code";

    private const int MaxOutputChars = 64 * 1024;
    private const int MaxFindings = 10;

    private static readonly string[] ReferencedAssemblies = ["System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq"];

    /// <summary>Namespaces the model's code may use.</summary>
    public static readonly IReadOnlySet<string> AllowedNamespaces = new HashSet<string>(StringComparer.Ordinal)
    {
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Globalization",
    };

    /// <summary>Types of those namespaces the model's code may not use.</summary>
    public static readonly IReadOnlySet<string> DeniedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.Environment", "System.AppContext", "System.AppDomain", "System.Activator", "System.GC", "System.Type", "System.Console",
    };

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return [.. ReferencedAssemblies.Select(name => MetadataReference.CreateFromFile(
            platform.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == name) ?? throw new InvalidOperationException($"{name}.dll is not in this runtime")))];
    });

    /// <summary>How long the tests may run before the child is killed.</summary>
    public TimeSpan TimeLimit { get; } = timeLimit;

    /// <summary>Compiles the code with the tests; compiler errors and uses of what the sandbox does not allow are findings, with line numbers.</summary>
    public static CompileOutcome Compile(string code, string tests)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var codeTree = CSharpSyntaxTree.ParseText(code, parse, path: "Solution.cs");
        var testTree = CSharpSyntaxTree.ParseText(tests, parse, path: "Tests.cs");
        var compilation = CSharpCompilation.Create("Snippet", [codeTree, testTree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false,
                                         nullableContextOptions: NullableContextOptions.Disable, deterministic: true));

        var findings = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree == codeTree ? 0 : 1).ThenBy(d => d.Location.SourceSpan.Start)
            .Select(d => Finding(d.Location, $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}", d.Location.SourceTree == codeTree))
            .ToList();
        if (findings.Count == 0)
        {
            findings.AddRange(Disallowed(compilation.GetSemanticModel(codeTree), codeTree));
        }
        if (findings.Count > 0)
        {
            return new CompileOutcome(null, [.. findings.Take(MaxFindings)]);
        }
        using var bytes = new MemoryStream();
        var emitted = compilation.Emit(bytes);
        return emitted.Success
            ? new CompileOutcome(bytes.ToArray(), [])
            : new CompileOutcome(null, [.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(MaxFindings)
                .Select(d => Finding(d.Location, d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.Location.SourceTree == codeTree))]);
    }

    // Every name the model's code binds to is checked against the allow-list, by its containing namespace and type.
    private static IEnumerable<ToolError> Disallowed(SemanticModel model, SyntaxTree tree)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(name).Symbol;
            var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
            while (type?.ContainingType is { } outer)
            {
                type = outer;
            }
            if (type is null || type.ContainingAssembly?.Name == "Snippet")
            {
                continue;
            }
            var ns = type.ContainingNamespace.ToDisplayString();
            var full = ns + "." + type.MetadataName;
            if ((!AllowedNamespaces.Contains(ns) || DeniedTypes.Contains(full)) && seen.Add(full))
            {
                yield return Finding(name.GetLocation(), $"{full} is not allowed in the sandbox (allowed: {string.Join(", ", AllowedNamespaces)}; "
                    + "no files, network, processes, reflection, threads or environment)", inCode: true);
            }
        }
    }

    private static ToolError Finding(Location location, string message, bool inCode)
    {
        var line = location.GetLineSpan().StartLinePosition;
        var source = location.SourceTree?.GetText().Lines[line.Line].ToString().Trim();
        return new ToolError(CodePath, inCode
            ? $"line {line.Line + 1}, column {line.Character + 1}: {message}" + (string.IsNullOrEmpty(source) ? "" : $"\n  the line: {source}")
            : $"the tests do not compile against your code (tests line {line.Line + 1}: {source}): {message}");
    }

    /// <summary>Runs the compiled snippet's tests in a child process under the limits above; failed and unfinished tests are findings.</summary>
    public async Task<TestOutcome> RunTestsAsync(byte[] assembly, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("snippet-");
        try
        {
            using var process = new Process { StartInfo = ChildStartInfo(directory.FullName) };
            process.Start();
            var stdout = ReadCappedAsync(process.StandardOutput);
            var stderr = ReadCappedAsync(process.StandardError);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(assembly, cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child ended before reading it all; its output says why.
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeLimit);
            var killed = false;
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            return Parse(await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), killed ? null : process.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private TestOutcome Parse(string stdout, string stderr, int? exitCode)
    {
        var failures = new List<ToolError>();
        var passed = 0;
        var total = 0;
        string? running = null;
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                continue;   // a line cut off by the output cap
            }
            using var document = json;
            var root = json.RootElement;
            if (root.TryGetProperty("start", out var start))
            {
                running = start.GetString();
                continue;
            }
            if (root.TryGetProperty("error", out var error))
            {
                failures.Add(new ToolError(CodePath, "the tests could not run: " + error.GetString()));
                continue;
            }
            running = null;
            total++;
            if (root.GetProperty("passed").GetBoolean())
            {
                passed++;
            }
            else
            {
                failures.Add(new ToolError(CodePath, $"test {root.GetProperty("test").GetString()}: {root.GetProperty("message").GetString()}"));
            }
        }
        if (exitCode is null)
        {
            total++;
            failures.Add(new ToolError(CodePath, $"test {running ?? "(starting)"}: did not finish in {TimeLimit.TotalSeconds:0.#} s and was stopped (an endless loop?)"));
        }
        else if (exitCode != 0 || running is not null)
        {
            total += running is null ? 0 : 1;
            failures.Add(new ToolError(CodePath, $"test {running ?? "(none)"}: the test process crashed (exit code {exitCode}): {FirstLine(stderr)}"));
        }
        return new TestOutcome(passed, total, failures);
    }

    private static ProcessStartInfo ChildStartInfo(string workingDirectory)
    {
        // This sample's own executable (the apphost), or `dotnet Reflection.dll` when it was started that way.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        var info = new ProcessStartInfo(self)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(CodeSandbox).Assembly.Location);
        }
        info.ArgumentList.Add(SnippetHost.Flag);
        // Only what the .NET host needs: no API keys or other secrets reach the snippet.
        var keep = info.Environment.Where(e => e.Key is "PATH" or "TMPDIR" or "LANG" || e.Key.StartsWith("DOTNET_ROOT", StringComparison.Ordinal)).ToList();
        info.Environment.Clear();
        foreach (var (key, value) in keep)
        {
            info.Environment[key] = value;
        }
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";   // 256 MB
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (text.Length < MaxOutputChars)
            {
                text.Append(buffer, 0, Math.Min(read, MaxOutputChars - text.Length));
            }
        }
        return text.ToString();
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
