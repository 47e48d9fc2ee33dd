namespace KpiFunctions.App.Http;

/// <summary>
/// A request body that may be read up to a limit: one byte more throws <see cref="BadHttpRequestException"/> with
/// 413, which both hosts answer as problem details. Kestrel's own limit (30 MB) is the outer bound; this one is the
/// route's.
/// </summary>
public sealed class BoundedBody(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The answer to a body over <paramref name="limit"/> bytes.</summary>
    public static BadHttpRequestException TooLarge(long limit) =>
        new($"The body is larger than {limit:N0} bytes, the most this route takes.", StatusCodes.Status413PayloadTooLarge);

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw TooLarge(limit) : read;
    }
}
