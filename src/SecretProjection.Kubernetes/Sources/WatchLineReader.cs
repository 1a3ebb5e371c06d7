using System.Buffers;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// The lines of a watch's body, as bytes, holding no buffer while the stream is idle: it waits for data with a
/// zero-byte read (which SocketsHttpHandler's response streams complete when data arrives, over HTTP/1.1 and
/// HTTP/2), then rents a buffer from the pool, reads what is there, and returns the buffer once no part of a line is
/// left in it. A line may span reads and a read may bring several lines; a line longer than the buffer moves to one
/// twice as large. A buffer goes back to the pool cleared.
/// </summary>
/// <remarks>
/// Lines end with <c>\n</c>; a <c>\r</c> before it is dropped, as a <see cref="StreamReader"/> drops it. A last line
/// without its <c>\n</c> when the stream ends is still a line, as <see cref="StreamReader.ReadLineAsync()"/> returns
/// it (half an event there fails to decode). Not thread-safe: one reader at a time.
/// </remarks>
internal sealed class WatchLineReader : IDisposable
{
    /// <summary>The first buffer rented for a read: a Secret's or ConfigMap's event fits in it.</summary>
    internal const int InitialBufferSize = 4096;

    private readonly Stream _stream;
    private readonly ArrayPool<byte> _pool;
    private readonly int _initialBufferSize;
    private byte[]? _buffer;
    private int _start; // the first byte not yet returned as a line
    private int _scanned; // up to here, no '\n' after _start
    private int _end; // the end of the bytes read
    private bool _ended;

    public WatchLineReader(Stream stream)
        : this(stream, ArrayPool<byte>.Shared, InitialBufferSize)
    {
    }

    internal WatchLineReader(Stream stream, ArrayPool<byte> pool, int initialBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBufferSize, 1);
        _stream = stream;
        _pool = pool;
        _initialBufferSize = initialBufferSize;
    }

    /// <summary>Whether a buffer is rented now: only while part of a line is waiting to be returned.</summary>
    internal bool HoldsBuffer => _buffer is not null;

    /// <summary>
    /// The next line, without its line end, valid until the next call; <see langword="null"/> when the stream has ended.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The line, or <see langword="null"/>.</returns>
    /// <exception cref="IOException">The stream broke.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_buffer is not null)
            {
                var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var length = _scanned + newline - _start;
                    var line = _buffer.AsMemory(_start, length > 0 && _buffer[_start + length - 1] == (byte)'\r' ? length - 1 : length);
                    _start = _scanned = _scanned + newline + 1;
                    return line;
                }

                _scanned = _end;
            }

            if (_ended)
            {
                if (_start < _end)
                {
                    var last = _buffer.AsMemory(_start, _end - _start);
                    _start = _scanned = _end;
                    return last;
                }

                Release();
                return null;
            }

            if (_start == _end)
            {
                // Nothing of a line is waiting: wait for data without a buffer.
                Release();
                await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                _buffer = _pool.Rent(_initialBufferSize);
            }
            else
            {
                MakeRoom();
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
            }

            _end += read;
        }
    }

    /// <summary>Returns the buffer to the pool, if one is rented.</summary>
    public void Dispose() => Release();

    /// <summary>Moves the part of a line to the start of the buffer, or to a buffer twice as large when it fills this one.</summary>
    private void MakeRoom()
    {
        var buffer = _buffer!;
        var pending = _end - _start;
        if (_start == 0 && _end == buffer.Length)
        {
            var larger = _pool.Rent(buffer.Length * 2);
            buffer.AsSpan(0, pending).CopyTo(larger);
            _pool.Return(buffer, clearArray: true);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            buffer.AsSpan(_start, pending).CopyTo(buffer);
        }

        _scanned -= _start;
        _start = 0;
        _end = pending;
    }

    private void Release()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _start = _scanned = _end = 0;
            _pool.Return(buffer, clearArray: true); // the pool is the process's: no Secret's bytes left in it
        }
    }
}
