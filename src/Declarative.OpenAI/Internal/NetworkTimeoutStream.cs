namespace Declarative.OpenAI.Internal;

/// <summary>
/// A response body whose every read must bring data within the network timeout, measured by the client's
/// <see cref="TimeProvider"/>; a read that runs past it fails with the same <see cref="TaskCanceledException"/> as an
/// attempt that does (<see cref="Expired"/>).
/// </summary>
/// <remarks>
/// It takes the place of the OpenAI package's read timeout, which runs on the system clock and so cannot be tested
/// without waiting for it. A caller's cancellation passes through as it is.
/// </remarks>
internal sealed class NetworkTimeoutStream(Stream inner, TimeSpan timeout, TimeProvider time) : ReadOnlyBodyStream(inner)
{
    /// <summary>The failure of an attempt or a read that ran past <paramref name="timeout"/>.</summary>
    public static TaskCanceledException Expired(TimeSpan timeout, Exception? innerException) =>
        new($"The operation was cancelled because it exceeded the network timeout of {timeout:g} (OpenAIChatClientOptions.NetworkTimeout).", innerException);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // A blocking read has no token; closing the body is what ends it.
        var expired = 0;
        using var timer = time.CreateTimer(
            _ =>
            {
                Volatile.Write(ref expired, 1);
                Inner.Dispose();
            },
            null,
            timeout,
            Timeout.InfiniteTimeSpan);
        try
        {
            return Inner.Read(buffer);
        }
        catch (Exception exception) when (Volatile.Read(ref expired) == 1 && exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw Expired(timeout, exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token) : null;
        try
        {
            return await Inner.ReadAsync(buffer, linked?.Token ?? expiry.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            throw Expired(timeout, exception);
        }
    }
}
