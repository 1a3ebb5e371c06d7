using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// The Cache strategy's store (upstream's <c>objectStore</c>, <c>cache_based_manager.go</c>): an object fetched
/// within its TTL is served from the cache; a new reference forces the next read to fetch; a failed fetch returns
/// the cached result if there is one, else the failure (which is not cached); a not-found is cached but fetched
/// again on the next read; an older resourceVersion never replaces a newer one. Concurrent reads of one object
/// wait for each other, so an expired entry is fetched once.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class TtlObjectStore<T> : IObjectStore<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ManagerContext<T> _context;
    private readonly Dictionary<(string Namespace, string Name), Entry> _items = [];
    private readonly ReferenceCounts _references = new();

    public TtlObjectStore(ManagerContext<T> context)
    {
        _context = context;
    }

    /// <summary>Never raised: the cache learns of changes only when it fetches.</summary>
    public event EventHandler<ObjectChangedEventArgs>? Changed
    {
        add { }
        remove { }
    }

    /// <summary>The references of an object (for tests).</summary>
    internal int References(string @namespace, string name)
    {
        lock (_lock)
        {
            return _references.Count(@namespace, name);
        }
    }

    public void AddReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue((@namespace, name), out var entry))
            {
                entry = new Entry();
                _items[(@namespace, name)] = entry;
            }

            _references.Add(@namespace, name, podUid);

            // The next read fetches.
            entry.Data = null;
        }
    }

    public void DeleteReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            if (_references.Remove(@namespace, name, podUid))
            {
                _items.Remove((@namespace, name));
            }
        }
    }

    public async ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Data? data;
        lock (_lock)
        {
            data = _items.TryGetValue((@namespace, name), out var entry) ? entry.Data ??= new Data() : null;
        }

        if (data is null)
        {
            return LookupResult<T>.Failed(ManagedKind<T>.NotRegistered(@namespace, name));
        }

        await data.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (data.Cached is { Status: LookupStatus.Found } fresh && IsFresh(data, @namespace, name))
            {
                _context.Metrics.CacheHit();
                return fresh;
            }

            var fetched = await _context.FetchAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
            if (fetched.Status == LookupStatus.Failed)
            {
                ObjectManagerLog.FetchFailed(_context.Logger, _context.Kind.Name, @namespace, name, fetched.Failure ?? string.Empty);

                // Nothing cached: the failure is the answer; else the cached result stands, to be fetched again next time.
                return data.Cached ?? fetched;
            }

            if (fetched.Status == LookupStatus.NotFound || !IsOlder(fetched.Value, data.Cached?.Value))
            {
                data.Cached = fetched;
                data.LastUpdate = _context.Time.GetUtcNow();
            }

            return data.Cached ?? fetched;
        }
        finally
        {
            data.Gate.Release();
        }
    }

    public void Dispose()
    {
    }

    private bool IsOlder(T? candidate, T? cached) =>
        candidate is not null && cached is not null
        && ResourceVersions.IsOlder(_context.Kind.ResourceVersion(candidate), _context.Kind.ResourceVersion(cached));

    private bool IsFresh(Data data, string @namespace, string name)
    {
        var ttl = _context.Options.TtlOverride?.Invoke(_context.Kind.Reference(@namespace, name)) ?? _context.Options.Ttl;
        return _context.Time.GetUtcNow() - data.LastUpdate < ttl;
    }

    private sealed class Entry
    {
        /// <summary>The fetched state; <see langword="null"/> after a new reference, so that the next read fetches.</summary>
        public Data? Data { get; set; }
    }

    private sealed class Data
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The last result worth keeping: found or not found; <see langword="null"/> before the first.</summary>
        public LookupResult<T>? Cached { get; set; }

        public DateTimeOffset LastUpdate { get; set; }
    }
}
