using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Declarative.Benchmarks;

/// <summary>
/// The <see cref="DispatchBenchmarks"/> comparisons run side by side in one process, for a machine
/// shared with other work: <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --dispatch-interleaved [rounds] [calls]</c>.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs each benchmark in its own process, one after the other; when other work on a
/// two-core machine changes the load between them, the ratios move by 2–4×. Here every benchmark
/// method of <see cref="DispatchBenchmarks"/> (the same methods, after the same
/// <see cref="DispatchBenchmarks.Setup"/>, which checks both sides return the same JSON) is first
/// warmed up for half a second so it reaches tier-1 code; then each round runs every method
/// <c>calls</c> times in turn. A round's cost per call is the thread's CPU time (on Linux,
/// <c>CLOCK_THREAD_CPUTIME_ID</c>, so time spent descheduled does not count; elsewhere wall time)
/// divided by <c>calls</c>; each round starts after a generation-0 collection, so that one side's
/// garbage does not trigger a collection in the other side's round (each side still pays for the
/// collections its own allocations cause). Reported per case: each side's best and median round, the ratio of the
/// bests, the median of the per-round ratios, and the bytes allocated per call.
/// </remarks>
internal static class DispatchInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new DispatchBenchmarks();
        benchmarks.Setup();
        var collections = new DispatchCollectionBenchmarks();
        collections.Setup();
        Console.WriteLine("AIFunctionFactory from " + typeof(Microsoft.Extensions.AI.AIFunctionFactory).Assembly.GetName().Name + " "
            + typeof(Microsoft.Extensions.AI.AIFunctionFactory).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion);
        InterleavedComparison.Run(
            "dispatch", "AIFunctionFactory", "generated",
            [
                new("a: string + enum + optional", () => Wait(benchmarks.Lookup_AIFunctionFactory()), () => Wait(benchmarks.Lookup_Generated())),
                new("b: object + list + dictionary", () => Wait(benchmarks.Order_AIFunctionFactory()), () => Wait(benchmarks.Order_Generated())),
                new("c: seven numbers", () => Wait(benchmarks.Numbers_AIFunctionFactory()), () => Wait(benchmarks.Numbers_Generated())),
                new("d: 20 records (positional)", () => Wait(collections.Items_AIFunctionFactory()), () => Wait(collections.Items_Generated()), DispatchCollectionBenchmarks.RecordCount),
                new("e: 20 records (init)", () => Wait(collections.Rows_AIFunctionFactory()), () => Wait(collections.Rows_Generated()), DispatchCollectionBenchmarks.RecordCount),
                new("f: dictionary of 50", () => Wait(collections.Counts_AIFunctionFactory()), () => Wait(collections.Counts_Generated()), DispatchCollectionBenchmarks.EntryCount),
                new("g: 200 strings", () => Wait(collections.Names_AIFunctionFactory()), () => Wait(collections.Names_Generated()), DispatchCollectionBenchmarks.StringCount),
            ],
            InterleavedComparison.Count(args, 0, 200), InterleavedComparison.Count(args, 1, 500));
        return 0;
    }

    private static object? Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}

/// <summary>
/// The <see cref="AgentLoopBenchmarks"/> comparison (the hand-written loop against <c>AgentRunner</c>)
/// run side by side in one process, as <see cref="DispatchInterleaved"/> does for dispatch:
/// <c>dotnet run -c Release --project tests/Declarative.Benchmarks -- --agent-loop-interleaved [rounds] [runs]</c>.
/// </summary>
internal static class AgentLoopInterleaved
{
    public static int Run(string[] args)
    {
        var benchmarks = new AgentLoopBenchmarks();
        benchmarks.Setup();
        InterleavedComparison.Run(
            "agent loop", "hand-written loop", "AgentRunner",
            [
                new("10 tool turns (15 calls), 11 model calls", () => benchmarks.HandWrittenLoop().GetAwaiter().GetResult(), () => benchmarks.AgentRunnerLoop().GetAwaiter().GetResult()),
            ],
            InterleavedComparison.Count(args, 0, 200), InterleavedComparison.Count(args, 1, 500));
        return 0;
    }
}

/// <summary>
/// One comparison of the interleaved modes: a baseline and our side, each a call that does one unit of
/// work; <paramref name="Elements"/>, when not 0, is how many collection elements one call reads (for the
/// per-element columns).
/// </summary>
internal sealed record InterleavedCase(string Name, Func<object?> Baseline, Func<object?> Ours, int Elements = 0);

/// <summary>Runs <see cref="InterleavedCase"/>s side by side in one process and prints a table (see <see cref="DispatchInterleaved"/>).</summary>
internal static class InterleavedComparison
{
    public static int Count(string[] args, int index, int fallback)
        => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    public static void Run(string title, string baselineName, string oursName, InterleavedCase[] cases, int rounds, int calls)
    {
        foreach (var item in cases)
        {
            WarmUp(item.Baseline);
            WarmUp(item.Ours);
        }

        var samples = cases.Select(_ => (Baseline: new List<double>(rounds), Ours: new List<double>(rounds))).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                // Alternate which side goes first, so neither always runs on a freshly warmed cache.
                if (round % 2 == 0)
                {
                    samples[i].Baseline.Add(PerCall(cases[i].Baseline, calls));
                    samples[i].Ours.Add(PerCall(cases[i].Ours, calls));
                }
                else
                {
                    samples[i].Ours.Add(PerCall(cases[i].Ours, calls));
                    samples[i].Baseline.Add(PerCall(cases[i].Baseline, calls));
                }
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"Interleaved {title}, {rounds} rounds of {calls} calls per method, {(ThreadClock.Available ? "thread CPU time" : "wall time")}, load average {InterleavedStats.LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine($"| Case | {baselineName} best | median | {oursName} best | median | time ratio {oursName} / {baselineName} (bests) | (median of rounds) | faster (bests) | allocated: {baselineName} | {oursName} | less allocation |");
        Console.WriteLine("|------|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|");
        var perElement = new List<string>();
        for (var i = 0; i < cases.Length; i++)
        {
            var (baseline, ours) = samples[i];
            var ratios = ours.Zip(baseline, static (o, b) => o / b).ToList();
            var baselineBytes = AllocatedPerCall(cases[i].Baseline);
            var oursBytes = AllocatedPerCall(cases[i].Ours);
            Console.WriteLine(FormattableString.Invariant(
                $"| {cases[i].Name} | {Time(baseline.Min())} | {Time(InterleavedStats.Median(baseline))} | {Time(ours.Min())} | {Time(InterleavedStats.Median(ours))} | {ours.Min() / baseline.Min():F2} | {InterleavedStats.Median(ratios):F2} | {baseline.Min() / ours.Min():F2}× | {baselineBytes:N0} B | {oursBytes:N0} B | {(double)baselineBytes / oursBytes:F2}× |"));
            if (cases[i].Elements > 0)
            {
                var n = (double)cases[i].Elements;
                perElement.Add(FormattableString.Invariant(
                    $"| {cases[i].Name} | {cases[i].Elements} | {InterleavedStats.Median(baseline) / n:N1} ns | {InterleavedStats.Median(ours) / n:N1} ns | {baselineBytes / n:N1} B | {oursBytes / n:N1} B |"));
            }
        }
        if (perElement.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"| Case (per element) | elements | {baselineName} median / element | {oursName} median / element | allocated / element: {baselineName} | {oursName} |");
            Console.WriteLine("|------|-----:|-----:|-----:|-----:|-----:|");
            perElement.ForEach(Console.WriteLine);
        }
    }

    /// <summary>The calling thread's CPU time in nanoseconds (Linux), or wall time elsewhere.</summary>
    public static double ThreadNow() => ThreadClock.Now();

    private static string Time(double nanoseconds) => FormattableString.Invariant($"{nanoseconds:N0} ns");

    private static void WarmUp(Func<object?> call)
    {
        var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 100; i++)
            {
                call();
            }
        }
    }

    private static double PerCall(Func<object?> call, int calls)
    {
        // Each round starts with an empty generation 0, so a collection made necessary by one side's
        // garbage is not charged to the other side's round.
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var start = ThreadClock.Now();
        for (var i = 0; i < calls; i++)
        {
            call();
        }
        return (ThreadClock.Now() - start) / calls;
    }

    private static long AllocatedPerCall(Func<object?> call)
    {
        const int Calls = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    /// <summary>The calling thread's CPU time in nanoseconds (Linux), or wall time elsewhere.</summary>
    private static class ThreadClock
    {
        private const int ClockThreadCpuTime = 3;

        public static readonly bool Available = OperatingSystem.IsLinux() && Probe();

        public static double Now()
        {
            if (Available && NativeMethods.clock_gettime(ClockThreadCpuTime, out var time) == 0)
            {
                return (time.Seconds * 1e9) + time.Nanoseconds;
            }
            return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
        }

        private static bool Probe()
        {
            try
            {
                return NativeMethods.clock_gettime(ClockThreadCpuTime, out _) == 0;
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, out TimeSpec time);
    }
}
