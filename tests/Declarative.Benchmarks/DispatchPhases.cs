using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Declarative.Serialization;

namespace Declarative.Benchmarks;

/// <summary>
/// Where one collection call's time and bytes go, phase by phase (docs/benchmarks.md, "Where the time
/// goes: collections"): <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --dispatch-phases [rounds] [calls]</c>.
/// Each phase is a cumulative slice of the call, so the difference between two rows is the cost of
/// what the lower one adds; <c>--dispatch-profile d|e|f|g [seconds]</c> runs one generated call in a
/// loop for an external profiler (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
internal static class DispatchPhases
{
    public static int Run(string[] args)
    {
        var rounds = InterleavedComparison.Count(args, 0, 40);
        var calls = InterleavedComparison.Count(args, 1, 500);
        var tools = (IToolSet)new DispatchCollectionTools();
        var options = ToolInvocationOptions.Default;
        var cases = new (string Case, string Tool, byte[] Arguments)[]
        {
            ("d: 20 records (positional)", "sum_items", DispatchCollectionBenchmarks.ItemsArguments),
            ("e: 20 records (init)", "sum_rows", DispatchCollectionBenchmarks.RowsArguments),
            ("f: dictionary of 50", "sum_counts", DispatchCollectionBenchmarks.CountsArguments),
            ("g: 200 strings", "measure_names", DispatchCollectionBenchmarks.NamesArguments),
        };
        Console.WriteLine(FormattableString.Invariant($"Dispatch phases, best of {rounds} rounds of {calls} calls, thread CPU time, load average {InterleavedStats.LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| Case | phase (cumulative) | time | allocated |");
        Console.WriteLine("|------|------|-----:|-----:|");
        foreach (var (name, tool, arguments) in cases)
        {
            var phases = new (string Phase, Func<object?> Call)[]
            {
                ("tokenize (every token, no values)", () => Tokenize(arguments)),
                ("+ values (strings, numbers) without checks", () => TokenizeWithValues(arguments)),
                ("read and validate (names, checks, construction, list)", () => tools.ValidateArguments(tool, arguments, options)),
                ("call (+ the tool, the result writer, ToolResult)", () => tools.InvokeAsync(tool, arguments).Result),
            };
            foreach (var (phase, call) in phases)
            {
                var (time, bytes) = Measure(call, rounds, calls);
                Console.WriteLine(FormattableString.Invariant($"| {name} | {phase} | {time:N0} ns | {bytes:N0} B |"));
            }
        }
        return 0;
    }

    public static int Profile(string[] args)
    {
        var tools = (IToolSet)new DispatchCollectionTools();
        var (tool, arguments) = (args.Length > 0 ? args[0] : "d") switch
        {
            "e" => ("sum_rows", DispatchCollectionBenchmarks.RowsArguments),
            "f" => ("sum_counts", DispatchCollectionBenchmarks.CountsArguments),
            "g" => ("measure_names", DispatchCollectionBenchmarks.NamesArguments),
            _ => ("sum_items", DispatchCollectionBenchmarks.ItemsArguments),
        };
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var until = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * seconds);
        long count = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 1000; i++)
            {
                _ = tools.InvokeAsync(tool, arguments).Result;
            }
            count += 1000;
        }
        Console.WriteLine(FormattableString.Invariant($"{count:N0} calls of {tool}"));
        return 0;
    }

    // The tokenizer alone; then the tokenizer converting every value as the reader would (strings to
    // System.String, numbers to decimal), with no name matching, checks or construction. Two methods,
    // so that neither's profile-guided code is shaped by the other's.
    private static string? Tokenize(byte[] arguments)
    {
        var reader = new JsonTokenReader(arguments, new JsonReaderOptions { MaxDepth = 64 });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }
        return tokens == 0 ? "" : null;
    }

    private static string? TokenizeWithValues(byte[] arguments)
    {
        var reader = new JsonTokenReader(arguments, new JsonReaderOptions { MaxDepth = 64 });
        string? last = null;
        decimal sum = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                last = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            {
                sum += number;
            }
        }
        return sum < 0 ? null : last;
    }

    private static (double Nanoseconds, long Bytes) Measure(Func<object?> call, int rounds, int calls)
    {
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until)
        {
            call();
        }
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            var start = InterleavedComparison.ThreadNow();
            for (var i = 0; i < calls; i++)
            {
                call();
            }
            best = Math.Min(best, (InterleavedComparison.ThreadNow() - start) / calls);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            call();
        }
        return (best, (GC.GetAllocatedBytesForCurrentThread() - before) / calls);
    }
}
