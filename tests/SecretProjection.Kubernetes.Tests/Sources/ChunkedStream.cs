using System.Text;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// A read-only stream that hands out chosen chunks, one (or the part that fits) per read, then ends, or breaks with
/// an <see cref="IOException"/>. A zero-byte read completes at once and records how many arrays <paramref name="pool"/>
/// had rented then: a reader that waits for data without a buffer has none.
/// </summary>
internal sealed class ChunkedStream(CountingPool pool, IEnumerable<string> chunks, bool breakAtEnd = false) : Stream
{
    private readonly Queue<byte[]> _chunks = new(chunks.Select(Encoding.UTF8.GetBytes));
    private byte[] _current = [];
    private int _offset;

    /// <summary>The rented arrays at each zero-byte read.</summary>
    public List<int> RentedAtZeroByteReads { get; } = [];

    /// <summary>The length of each read that asked for bytes.</summary>
    public List<int> ReadSizes { get; } = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty)
        {
            RentedAtZeroByteReads.Add(pool.Outstanding);
            return ValueTask.FromResult(0);
        }

        ReadSizes.Add(buffer.Length);
        if (_offset == _current.Length)
        {
            if (!_chunks.TryDequeue(out var next))
            {
                return breakAtEnd ? ValueTask.FromException<int>(new IOException("the connection broke")) : ValueTask.FromResult(0);
            }

            (_current, _offset) = (next, 0);
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return ValueTask.FromResult(count);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
