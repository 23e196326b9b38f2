namespace Declarative.Benchmarks;

/// <summary>What the interleaved modes (<see cref="DispatchInterleaved"/>, <see cref="GeneratorInterleaved"/>) report with.</summary>
internal static class InterleavedStats
{
    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The machine's 1, 5 and 15-minute load averages (Linux), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
