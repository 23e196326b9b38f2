using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace ReflectionSample.Coding;

/// <summary>
/// The child process's side of the code check: reads one compiled snippet (an assembly's bytes) from stdin, loads it
/// into its own collectible load context, runs every <c>public static void</c> method of its <c>SnippetTests</c> class
/// and writes one JSON line per test to stdout (<c>{"start":name}</c> before, <c>{"test":name,"passed":...}</c> after),
/// so the parent can tell which test was running when it had to kill the process.
/// </summary>
internal static class SnippetHost
{
    /// <summary>The hidden command-line flag that starts this mode.</summary>
    public const string Flag = "--run-snippet";

    /// <summary>The largest snippet accepted on stdin.</summary>
    private const int MaxAssemblyBytes = 4 * 1024 * 1024;

    public static int Run()
    {
        using var input = Console.OpenStandardInput();
        using var bytes = new MemoryStream();
        input.CopyTo(bytes);
        if (bytes.Length is 0 or > MaxAssemblyBytes)
        {
            Console.Error.WriteLine($"expected a compiled snippet of 1 to {MaxAssemblyBytes} bytes on stdin, got {bytes.Length}");
            return 2;
        }
        // The results go to the real stdout; anything the snippet writes to Console goes nowhere.
        var results = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);

        var context = new AssemblyLoadContext("snippet", isCollectible: true);
        bytes.Position = 0;
        var tests = context.LoadFromStream(bytes).GetType("SnippetTests");
        if (tests is null)
        {
            results.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "no SnippetTests class" }));
            return 3;
        }
        foreach (var test in tests.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(void) && m.GetParameters().Length == 0))
        {
            results.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["start"] = test.Name }));
            string? failure = null;
            try
            {
                test.Invoke(null, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } thrown)
            {
                failure = thrown.GetType().Name == "TestFailure" ? thrown.Message : $"threw {thrown.GetType().Name}: {thrown.Message}";
            }
            var line = new Dictionary<string, object?> { ["test"] = test.Name, ["passed"] = failure is null, ["message"] = failure };
            results.WriteLine(JsonSerializer.Serialize(line));
        }
        return 0;
    }
}
