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
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;

        var benchmarks = new DispatchBenchmarks();
        benchmarks.Setup();
        (string Case, Func<object?> Baseline, Func<object?> Generated)[] cases =
        [
            ("a: string + enum + optional", () => Wait(benchmarks.Lookup_AIFunctionFactory()), () => Wait(benchmarks.Lookup_Generated())),
            ("b: object + list + dictionary", () => Wait(benchmarks.Order_AIFunctionFactory()), () => Wait(benchmarks.Order_Generated())),
            ("c: seven numbers", () => Wait(benchmarks.Numbers_AIFunctionFactory()), () => Wait(benchmarks.Numbers_Generated())),
        ];

        foreach (var (_, baseline, generated) in cases)
        {
            WarmUp(baseline);
            WarmUp(generated);
        }

        var samples = cases.Select(_ => (Baseline: new List<double>(rounds), Generated: new List<double>(rounds))).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                // Alternate which side goes first, so neither always runs on a freshly warmed cache.
                if (round % 2 == 0)
                {
                    samples[i].Baseline.Add(PerCall(cases[i].Baseline, calls));
                    samples[i].Generated.Add(PerCall(cases[i].Generated, calls));
                }
                else
                {
                    samples[i].Generated.Add(PerCall(cases[i].Generated, calls));
                    samples[i].Baseline.Add(PerCall(cases[i].Baseline, calls));
                }
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"Interleaved dispatch, {rounds} rounds of {calls} calls per method, {(ThreadClock.Available ? "thread CPU time" : "wall time")}, load average {InterleavedStats.LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| Case | AIFunctionFactory best | median | generated best | median | faster (bests) | faster (median of rounds) | allocated: AIFunctionFactory | generated | less allocation |");
        Console.WriteLine("|------|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|-----:|");
        for (var i = 0; i < cases.Length; i++)
        {
            var (baseline, generated) = samples[i];
            var ratios = baseline.Zip(generated, static (b, g) => b / g).ToList();
            var baselineBytes = AllocatedPerCall(cases[i].Baseline);
            var generatedBytes = AllocatedPerCall(cases[i].Generated);
            Console.WriteLine(FormattableString.Invariant(
                $"| {cases[i].Case} | {baseline.Min():N0} ns | {InterleavedStats.Median(baseline):N0} ns | {generated.Min():N0} ns | {InterleavedStats.Median(generated):N0} ns | {baseline.Min() / generated.Min():F2}× | {InterleavedStats.Median(ratios):F2}× | {baselineBytes:N0} B | {generatedBytes:N0} B | {(double)baselineBytes / generatedBytes:F1}× |"));
        }
        return 0;
    }

    private static object? Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

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
