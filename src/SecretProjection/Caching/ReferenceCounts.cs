namespace SecretProjection.Caching;

/// <summary>
/// How many references each object has from each pod uid (upstream's <c>refMap</c>). Not thread-safe: the stores
/// call it under their lock.
/// </summary>
internal sealed class ReferenceCounts
{
    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, int>> _counts = [];

    /// <summary>Adds one reference; returns whether it is the object's first.</summary>
    public bool Add(string @namespace, string name, string podUid)
    {
        if (!_counts.TryGetValue((@namespace, name), out var byPod))
        {
            byPod = new Dictionary<string, int>(StringComparer.Ordinal);
            _counts[(@namespace, name)] = byPod;
        }

        byPod[podUid] = byPod.GetValueOrDefault(podUid) + 1;
        return byPod.Count == 1 && byPod[podUid] == 1;
    }

    /// <summary>Drops one reference (none when there is none); returns whether the object has no references left.</summary>
    public bool Remove(string @namespace, string name, string podUid)
    {
        if (!_counts.TryGetValue((@namespace, name), out var byPod) || !byPod.TryGetValue(podUid, out var count))
        {
            return false;
        }

        if (count > 1)
        {
            byPod[podUid] = count - 1;
            return false;
        }

        byPod.Remove(podUid);
        if (byPod.Count > 0)
        {
            return false;
        }

        _counts.Remove((@namespace, name));
        return true;
    }

    /// <summary>The references of an object from one pod uid.</summary>
    public int Count(string @namespace, string name, string podUid) =>
        _counts.TryGetValue((@namespace, name), out var byPod) ? byPod.GetValueOrDefault(podUid) : 0;

    /// <summary>The references of an object from every pod.</summary>
    public int Count(string @namespace, string name) =>
        _counts.TryGetValue((@namespace, name), out var byPod) ? byPod.Values.Sum() : 0;
}
