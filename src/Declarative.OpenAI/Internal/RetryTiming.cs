using System.Globalization;
using System.ClientModel.Primitives;

namespace Declarative.OpenAI.Internal;

/// <summary>Which failures are worth another attempt, and how long to wait before it.</summary>
internal static class RetryTiming
{
    /// <summary>
    /// 408, 429, 500, 502, 503 and 504 are transient. The server can overrule with <c>x-should-retry: true|false</c>
    /// (OpenAI sends it).
    /// </summary>
    public static bool IsTransient(int status, PipelineResponseHeaders? headers)
    {
        if (headers is not null && headers.TryGetValue("x-should-retry", out var should))
        {
            if (string.Equals(should, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (string.Equals(should, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return status is 408 or 429 or 500 or 502 or 503 or 504;
    }

    /// <summary>
    /// The wait before attempt <paramref name="failedAttempts"/> + 1. A server-given delay wins: <c>retry-after-ms</c>
    /// (milliseconds), else <c>Retry-After</c> (seconds, or an HTTP date). Otherwise exponential back-off from
    /// <paramref name="initial"/> with ±25% jitter. Either way the wait is at most <paramref name="max"/>.
    /// </summary>
    public static TimeSpan GetDelay(int failedAttempts, PipelineResponseHeaders? headers, TimeSpan initial, TimeSpan max, DateTimeOffset now)
    {
        if (max < TimeSpan.Zero)
        {
            max = TimeSpan.Zero;
        }
        var delay = GetServerDelay(headers, now) ?? Backoff(failedAttempts, initial);
        return delay > max ? max : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    internal static TimeSpan? GetServerDelay(PipelineResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }
        headers.TryGetValue("retry-after-ms", out var milliseconds);
        headers.TryGetValue("Retry-After", out var retryAfter);
        return ParseServerDelay(milliseconds, retryAfter, now);
    }

    internal static TimeSpan? ParseServerDelay(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
        {
            return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
        }
        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }
        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        }
        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static TimeSpan Backoff(int failedAttempts, TimeSpan initial)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var jitter = 0.75 + (Random.Shared.NextDouble() * 0.5);
        var ticks = initial.Ticks * Math.Pow(2, exponent) * jitter;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }
}
