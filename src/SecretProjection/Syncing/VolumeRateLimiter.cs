using SecretProjection.Caching;

namespace SecretProjection.Syncing;

/// <summary>
/// Keeps at least a minimum interval between two projections of one volume after a change: a change within the
/// interval is due at its end, and later changes join it (one projection for a burst). Pure: time is passed in.
/// </summary>
internal sealed class VolumeRateLimiter
{
    private readonly TimeSpan _minInterval;
    private readonly Dictionary<string, DateTimeOffset> _lastProjection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public VolumeRateLimiter(TimeSpan minInterval)
    {
        _minInterval = minInterval;
    }

    /// <summary>When the earliest pending projection is due; <see langword="null"/> when none is pending.</summary>
    public DateTimeOffset? NextDue => _pending.Count == 0 ? null : _pending.Values.Min(p => p.Due);

    /// <summary>Asks for a projection of <paramref name="volume"/> because <paramref name="cause"/> changed.</summary>
    public void Request(string volume, ObjectReference cause, DateTimeOffset now)
    {
        if (!_pending.TryGetValue(volume, out var pending))
        {
            var due = _lastProjection.TryGetValue(volume, out var last) && last + _minInterval > now ? last + _minInterval : now;
            pending = new Pending(due);
            _pending[volume] = pending;
        }

        pending.Causes.Add(cause);
    }

    /// <summary>Removes and returns the projections due at <paramref name="now"/>, with their causes.</summary>
    public Dictionary<string, IReadOnlyList<ObjectReference>> TakeDue(DateTimeOffset now) => Take(p => p.Due <= now);

    /// <summary>Removes and returns every pending projection, with its causes.</summary>
    public Dictionary<string, IReadOnlyList<ObjectReference>> TakeAll() => Take(_ => true);

    /// <summary>Records that <paramref name="volume"/> was projected at <paramref name="at"/>.</summary>
    public void Projected(string volume, DateTimeOffset at) => _lastProjection[volume] = at;

    private Dictionary<string, IReadOnlyList<ObjectReference>> Take(Func<Pending, bool> select)
    {
        var taken = new Dictionary<string, IReadOnlyList<ObjectReference>>(StringComparer.Ordinal);
        foreach (var (volume, pending) in _pending.Where(p => select(p.Value)).ToArray())
        {
            taken[volume] = pending.Causes.Order(ObjectReferenceOrder.Instance).ToArray();
            _pending.Remove(volume);
        }

        return taken;
    }

    private sealed record Pending(DateTimeOffset Due)
    {
        public HashSet<ObjectReference> Causes { get; } = [];
    }

    private sealed class ObjectReferenceOrder : IComparer<ObjectReference>
    {
        public static ObjectReferenceOrder Instance { get; } = new();

        public int Compare(ObjectReference x, ObjectReference y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
