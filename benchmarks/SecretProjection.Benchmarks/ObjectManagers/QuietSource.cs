using System.Threading.Tasks.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Testing.Sources;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The source of the memory probe: it answers gets and lists with copies of the fleet's in-memory source (<see cref="CacheFleet.CreateSource"/>)
/// (<see cref="CopyingSource.Copy"/>), and every watch stays open and quiet until it is cancelled. What a watch costs
/// here is one small object and its registration on the caller's token, the same for every watch at every size, so
/// that subtracting it leaves the manager alone (the in-memory source's own watches are a simulation of a server,
/// whose cost is not the manager's to account for).
/// </summary>
internal sealed class QuietSource(InMemoryObjectSource<Secret> fleet) : IObjectSource<Secret>
{
    private int _openWatches;

    public int OpenWatches => Volatile.Read(ref _openWatches);

    public Task<LookupResult<Secret>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(fleet.Find(SecretFleet.Namespace, name) is { } secret ? LookupResult<Secret>.Found(CopyingSource.Copy(secret)) : LookupResult<Secret>.NotFound());

    public Task<ObjectList<Secret>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ObjectList<Secret>(fleet.Find(SecretFleet.Namespace, name) is { } secret ? CopyingSource.Copy(secret) : null, fleet.ResourceVersion));

    public IAsyncEnumerable<WatchEvent<Secret>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default) =>
        new QuietWatch(this, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> watches are open.</summary>
    public async Task WaitForOpenWatchesAsync(int count, CancellationToken cancellationToken)
    {
        while (OpenWatches != count)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A watch that delivers nothing; its one <c>MoveNextAsync</c> ends when the token is cancelled.</summary>
    private sealed class QuietWatch(QuietSource source, CancellationToken cancellationToken)
        : IAsyncEnumerable<WatchEvent<Secret>>, IAsyncEnumerator<WatchEvent<Secret>>, IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _next;
        private CancellationTokenRegistration _registration;
        private CancellationToken _token = cancellationToken;
        private int _open;

        public WatchEvent<Secret> Current => throw new InvalidOperationException("A quiet watch has no events.");

        public IAsyncEnumerator<WatchEvent<Secret>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _token = cancellationToken;
            }

            return this;
        }

        public ValueTask<bool> MoveNextAsync()
        {
            if (_token.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(_token);
            }

            Volatile.Write(ref _open, 1);
            Interlocked.Increment(ref source._openWatches);
            _registration = _token.UnsafeRegister(static state => ((QuietWatch)state!).Cancelled(), this);
            return new ValueTask<bool>(this, _next.Version);
        }

        public ValueTask DisposeAsync()
        {
            _registration.Dispose();
            Close();
            return ValueTask.CompletedTask;
        }

        public bool GetResult(short token) => _next.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _next.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _next.OnCompleted(continuation, state, token, flags);

        private void Cancelled()
        {
            Close();
            _next.SetException(new OperationCanceledException(_token));
        }

        private void Close()
        {
            if (Interlocked.Exchange(ref _open, 0) == 1)
            {
                Interlocked.Decrement(ref source._openWatches);
            }
        }
    }
}
