using System.Globalization;

namespace Declarative.Evaluation;

// How the reports write numbers for people: one place, the invariant culture, so a report reads the
// same on every machine and two runs of the same result give the same bytes.
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A share as a percentage with one decimal: 0.8512 → "85.1%".</summary>
    public static string Percent(double share)
        => double.IsFinite(share) ? (share * 100).ToString("0.0", Invariant) + "%" : "n/a";

    /// <summary>An interval of shares: "64.0%–94.8%".</summary>
    public static string Percent(Interval interval) => Percent(interval.Low) + "–" + Percent(interval.High);

    /// <summary>A signed share in percentage points: +5.0 pp, −12.5 pp.</summary>
    public static string Points(double delta)
        => !double.IsFinite(delta) ? "n/a" : (delta >= 0 ? "+" : "−") + Math.Abs(delta * 100).ToString("0.0", Invariant) + " pp";

    /// <summary>A cost in dollars with up to six decimals; "n/a" when a model had no price.</summary>
    public static string Cost(decimal? cost) => cost is { } c ? "$" + c.ToString("0.00####", Invariant) : "n/a";

    /// <summary>A signed cost difference.</summary>
    public static string CostDelta(decimal? delta)
        => delta is { } d ? (d >= 0 ? "+" : "−") + "$" + Math.Abs(d).ToString("0.00####", Invariant) : "n/a";

    /// <summary>A latency: milliseconds (with a decimal under ten) up to ten seconds, seconds above.</summary>
    public static string Latency(TimeSpan duration)
        => duration.TotalMilliseconds < 10 ? duration.TotalMilliseconds.ToString("0.0", Invariant) + " ms"
            : duration.TotalSeconds < 10 ? duration.TotalMilliseconds.ToString("0", Invariant) + " ms"
            : duration.TotalSeconds.ToString("0.0", Invariant) + " s";

    /// <summary>A latency given in milliseconds, as the results hold it.</summary>
    public static string Latency(double milliseconds) => Latency(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>A signed latency difference.</summary>
    public static string LatencyDelta(TimeSpan delta) => (delta >= TimeSpan.Zero ? "+" : "−") + Latency(delta.Duration());

    /// <summary>A whole number.</summary>
    public static string Count(long value) => value.ToString(Invariant);

    /// <summary>A date and time in UTC, to the second: "2026-12-03 18:00:00Z".</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);

    /// <summary>Tokens in and out, with the cached share of the input.</summary>
    public static string Tokens(UsageTotals usage)
        => Count(usage.InputTokens) + " in" + (usage.CachedInputTokens > 0 ? " (" + Count(usage.CachedInputTokens) + " cached)" : "")
            + ", " + Count(usage.OutputTokens) + " out";

    // ---- machine-readable values (data-* attributes): round-trippable, invariant

    /// <summary>A double that parses back to the same value.</summary>
    public static string Number(double value) => value.ToString("R", Invariant);

    /// <summary>A decimal as written by System.Text.Json (no exponent, no trailing culture).</summary>
    public static string Number(decimal value) => value.ToString(Invariant);

    /// <summary>A duration in milliseconds.</summary>
    public static string Milliseconds(TimeSpan value) => Number(value.TotalMilliseconds);

    /// <summary>Text cut to a length for a table cell, with an ellipsis; line breaks become spaces.</summary>
    public static string Clip(string? text, int length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= length ? flat : string.Concat(flat.AsSpan(0, Math.Max(0, length - 1)), "…");
    }
}
