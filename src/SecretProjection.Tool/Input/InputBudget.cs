using System.Globalization;

namespace SecretProjection.Tool.Input;

/// <summary>
/// The bytes that all inputs of one run may still hold together (<c>--max-input-bytes</c>). Streams are read
/// through it, so an endless input (<c>-f /dev/zero</c>) ends with a <see cref="InputTooLargeException"/> once
/// the limit is reached, whatever the parser makes of the bytes.
/// </summary>
internal sealed class InputBudget(long maxBytes)
{
    private long _read;

    public long MaxBytes { get; } = maxBytes;

    /// <summary>Wraps a stream so that what is read from it counts against the budget.</summary>
    public Stream Track(Stream inner) => new BudgetedStream(inner, this);

    private void Spend(int bytes)
    {
        _read += bytes;
        if (_read > MaxBytes)
        {
            throw new InputTooLargeException(MaxBytes);
        }
    }

    private sealed class BudgetedStream(Stream inner, InputBudget budget) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Spend(read);
            return read;
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
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>The inputs hold more than <c>--max-input-bytes</c>.</summary>
internal sealed class InputTooLargeException : IOException
{
    public InputTooLargeException(long maxBytes)
        : base(string.Create(CultureInfo.InvariantCulture, $"the input is larger than {maxBytes} bytes in all (--max-input-bytes; default 64Mi)"))
    {
    }

    public InputTooLargeException()
    {
    }

    public InputTooLargeException(string message)
        : base(message)
    {
    }

    public InputTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
