using System.Threading.Channels;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>
/// Records what callbacks saw, in order, and lets a test wait for the next record with a generous limit:
/// signals instead of sleeps.
/// </summary>
internal sealed class Recorder<T>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Channel<T> _records = Channel.CreateUnbounded<T>();

    public void Add(T record) => _records.Writer.TryWrite(record);

    public async Task<T> NextAsync() => await _records.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Records made but not yet taken.</summary>
    public int Pending => _records.Reader.Count;
}
