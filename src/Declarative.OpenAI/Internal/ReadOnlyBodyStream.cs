namespace Declarative.OpenAI.Internal;

/// <summary>
/// The parts of a response body wrapper that say what it is not: not seekable, not writable, no length. The wrappers
/// (<see cref="RepairingEventStream"/>, <see cref="NetworkTimeoutStream"/>) add only their reads, and own the body
/// they wrap.
/// </summary>
internal abstract class ReadOnlyBodyStream(Stream inner) : Stream
{
    /// <summary>The body being wrapped.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
