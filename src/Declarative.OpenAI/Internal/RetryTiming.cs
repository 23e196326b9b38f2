using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// Which failures are worth another attempt, and how long the server asks to wait before it. The back-off itself
/// (exponential, jittered, capped) is Polly's; see <see cref="TransientRetryPolicy"/>.
/// </summary>
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
    /// A failure before any response arrived that another attempt may cure: a refused or dropped connection, or an
    /// attempt that ran past the network timeout. A cancellation asked for by the caller is not one.
    /// </summary>
    public static bool IsConnectionFailure(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested, // not the caller's: the network timeout
        ClientResultException { Status: 0 } => true, // the transport got no response
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The delay the server asked for: <c>retry-after-ms</c> (milliseconds), else <c>Retry-After</c> (seconds or an HTTP date).</summary>
    public static TimeSpan? GetServerDelay(PipelineResponseHeaders? headers, DateTimeOffset now)
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
}
