using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>
/// Schedules the projections of a pod's volumes after changes and failures. A change is projected at once, unless
/// the volume was projected less than the minimum interval ago: then at the interval's end, and later changes join
/// it (one projection for a burst). A failed projection is retried as the kubelet's volume manager retries a
/// failed mount (<c>nestedpendingoperations</c>): after 500 ms, doubling up to 2 min 2 s; a success resets it.
/// Pure: time is passed in.
/// </summary>
internal sealed class VolumeRateLimiter
{
    /// <summary>The kubelet's <c>initialDurationBeforeRetry</c>.</summary>
    public static readonly TimeSpan RetryInitial = TimeSpan.FromMilliseconds(500);

    /// <summary>The kubelet's <c>maxDurationBeforeRetry</c>.</summary>
    public static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(122);

    private readonly TimeSpan _minInterval;
    private readonly Dictionary<string, DateTimeOffset> _lastProjection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
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
        var due = _lastProjection.TryGetValue(volume, out var last) && last + _minInterval > now ? last + _minInterval : now;
        Schedule(volume, due).Causes.Add(cause);
    }

    /// <summary>Removes and returns the projections due at <paramref name="now"/>, with their causes.</summary>
    public Dictionary<string, IReadOnlyList<ObjectReference>> TakeDue(DateTimeOffset now) => Take(p => p.Due <= now);

    /// <summary>Removes and returns every pending projection, with its causes.</summary>
    public Dictionary<string, IReadOnlyList<ObjectReference>> TakeAll() => Take(_ => true);

    /// <summary>Records that <paramref name="volume"/> was projected at <paramref name="at"/>; a failure schedules a retry.</summary>
    public void Projected(string volume, DateTimeOffset at, bool failed)
    {
        _lastProjection[volume] = at;
        if (!failed)
        {
            _failures.Remove(volume);
            return;
        }

        var failures = _failures[volume] = _failures.GetValueOrDefault(volume) + 1;
        var delay = failures > 16 ? RetryMax : TimeSpan.FromTicks(Math.Min(RetryMax.Ticks, RetryInitial.Ticks << (failures - 1)));
        Schedule(volume, at + delay);
    }

    private Pending Schedule(string volume, DateTimeOffset due)
    {
        if (!_pending.TryGetValue(volume, out var pending))
        {
            pending = new Pending { Due = due };
            _pending[volume] = pending;
        }
        else if (due < pending.Due)
        {
            pending.Due = due;
        }

        return pending;
    }

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

    private sealed class Pending
    {
        public DateTimeOffset Due { get; set; }

        public HashSet<ObjectReference> Causes { get; } = [];
    }

    private sealed class ObjectReferenceOrder : IComparer<ObjectReference>
    {
        public static ObjectReferenceOrder Instance { get; } = new();

        public int Compare(ObjectReference x, ObjectReference y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
