using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// The Cache strategy's store (upstream's <c>objectStore</c>, <c>cache_based_manager.go</c>): an object fetched
/// within its TTL is served from the cache; a new reference forces the next read to fetch; a failed fetch returns
/// the cached result if there is one, else the failure (which is not cached); a not-found is cached but fetched
/// again on the next read; an older resourceVersion never replaces a newer one. Concurrent reads of one object
/// wait for each other, so an expired entry is fetched once.
/// </summary>
/// <remarks>
/// One entry per referenced object holds its references, its cached answer and the gate of its reads (upstream's
/// <c>objectStoreItem</c> and <c>objectData</c> with its lock): a new reference starts a new generation of the data,
/// as upstream replaces <c>item.data</c>, so a read in flight neither holds up the next one nor writes into it.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class TtlObjectStore<T> : IObjectStore<T>
    where T : class
{
    private readonly Lock _lock = new();
    private readonly ManagerContext<T> _context;
    private readonly ObjectsByName<Entry> _items = new();

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
            return _items.TryGetValue(@namespace, name, out var entry) ? entry.References.References : 0;
        }
    }

    public void AddReference(string @namespace, string name, string podUid)
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            if (!_items.TryGetValue(@namespace, name, out var entry))
            {
                entry = new Entry(@namespace, name);
                _items.Add(entry);
            }

            entry.References.AddReference(podUid);

            // The next read fetches.
            released = entry.NewGeneration();
        }

        released?.TrySetResult();
    }

    public void DeleteReference(string @namespace, string name, string podUid)
    {
        lock (_lock)
        {
            if (_items.TryGetValue(@namespace, name, out var entry) && entry.References.RemoveReference(podUid) && entry.References.IsUnreferenced)
            {
                _items.Remove(entry);
            }
        }
    }

    public async ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Entry? entry;
        int generation;
        Cached cached;
        while (true)
        {
            Task? turn = null;
            lock (_lock)
            {
                if (!_items.TryGetValue(@namespace, name, out entry))
                {
                    return LookupResult<T>.Failed(ManagedKind<T>.NotRegistered(@namespace, name));
                }

                if (entry.Reading)
                {
                    // Made only when reads meet: an uncontended read allocates nothing.
                    turn = (entry.Released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else
                {
                    entry.Reading = true;
                    generation = entry.Generation;
                    cached = entry.Cached;
                    break;
                }
            }

            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (cached.Answer == Answer.Found && IsFresh(cached, @namespace, name))
            {
                _context.Metrics.CacheHit();
                return LookupResult<T>.Found(cached.Value!);
            }

            var fetched = await _context.FetchAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
            if (fetched.Status == LookupStatus.Failed)
            {
                ObjectManagerLog.FetchFailed(_context.Logger, _context.Kind.Name, @namespace, name, fetched.Failure ?? string.Empty);

                // Nothing cached: the failure is the answer; else the cached result stands, to be fetched again next time.
                return cached.Answer == Answer.None ? fetched : cached.ToResult();
            }

            if (fetched.Status == LookupStatus.NotFound || !IsOlder(fetched.Value, cached.Value))
            {
                var value = fetched.Value is null ? null : _context.Kind.WithNames(fetched.Value, entry.Namespace, entry.Name);
                cached = new Cached(value is null ? Answer.NotFound : Answer.Found, value, _context.Time.GetUtcNow().UtcTicks);
                lock (_lock)
                {
                    if (entry.Generation == generation)
                    {
                        entry.Cached = cached;
                    }
                }
            }

            return cached.ToResult();
        }
        finally
        {
            TaskCompletionSource? released = null;
            lock (_lock)
            {
                if (entry.Generation == generation)
                {
                    entry.Reading = false;
                    released = entry.Released;
                    entry.Released = null;
                }
            }

            released?.TrySetResult();
        }
    }

    public void Dispose()
    {
    }

    private bool IsOlder(T? candidate, T? cached) =>
        candidate is not null && cached is not null
        && _context.Kind.ResourceVersion(candidate).IsOlderThan(_context.Kind.ResourceVersion(cached));

    private bool IsFresh(Cached cached, string @namespace, string name)
    {
        var ttl = _context.Options.TtlOverride?.Invoke(_context.Kind.Reference(@namespace, name)) ?? _context.Options.Ttl;
        return _context.Time.GetUtcNow().UtcTicks - cached.UpdatedTicks < ttl.Ticks;
    }

    private enum Answer : byte
    {
        None,
        Found,
        NotFound,
    }

    /// <summary>The last answer worth keeping, found or not found, and when it was fetched (UTC ticks); none before the first.</summary>
    private readonly record struct Cached(Answer Answer, T? Value, long UpdatedTicks)
    {
        public LookupResult<T> ToResult() => Answer == Answer.Found ? LookupResult<T>.Found(Value!) : LookupResult<T>.NotFound();
    }

    private sealed class Entry(string @namespace, string name) : IStoredObject
    {
        private ReferenceCounts _references;

        public string Namespace { get; } = @namespace;

        public string Name { get; } = name;

        public IStoredObject? NextByName { get; set; }

        public ref ReferenceCounts References => ref _references;

        /// <summary>The data's generation: a new reference starts a new one, empty.</summary>
        public int Generation { get; private set; }

        public Cached Cached { get; set; }

        /// <summary>Whether a read of this generation holds the gate.</summary>
        public bool Reading { get; set; }

        /// <summary>Completed when the gate is released; made by the first read that waits.</summary>
        public TaskCompletionSource? Released { get; set; }

        /// <summary>Drops the data and frees the gate; returns the waiters to release (they read the new generation).</summary>
        public TaskCompletionSource? NewGeneration()
        {
            Generation++;
            Cached = default;
            Reading = false;
            var released = Released;
            Released = null;
            return released;
        }
    }
}
