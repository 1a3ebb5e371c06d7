namespace SecretProjection.ObjectManagers;

/// <summary>
/// How many references each object has from each pod uid (upstream's <c>refMap</c>). Not thread-safe: the stores
/// call it under their lock.
/// </summary>
internal sealed class ReferenceCounts
{
    private readonly Dictionary<(string Namespace, string Name), PodCounts> _counts = [];

    /// <summary>Adds one reference; returns whether it is the object's first.</summary>
    public bool Add(string @namespace, string name, string podUid)
    {
        if (!_counts.TryGetValue((@namespace, name), out var pods))
        {
            _counts[(@namespace, name)] = new PodCounts(podUid);
            return true;
        }

        pods.Add(podUid);
        return false;
    }

    /// <summary>Drops one reference (none when there is none); returns whether the object has no references left.</summary>
    public bool Remove(string @namespace, string name, string podUid)
    {
        if (!_counts.TryGetValue((@namespace, name), out var pods) || !pods.Remove(podUid) || !pods.IsEmpty)
        {
            return false;
        }

        _counts.Remove((@namespace, name));
        return true;
    }

    /// <summary>The references of an object from one pod uid.</summary>
    public int Count(string @namespace, string name, string podUid) =>
        _counts.TryGetValue((@namespace, name), out var pods) ? pods.Of(podUid) : 0;

    /// <summary>The references of an object from every pod.</summary>
    public int Count(string @namespace, string name) =>
        _counts.TryGetValue((@namespace, name), out var pods) ? pods.Total : 0;

    /// <summary>
    /// One object's references by pod uid. Most objects are referenced by one pod, so that pod and its count are kept
    /// inline; a dictionary is made when a second pod refers to the object (a store of 10,000 objects saves about
    /// 180 bytes per object).
    /// </summary>
    private sealed class PodCounts(string podUid)
    {
        private string _uid = podUid;
        private int _count = 1;
        private Dictionary<string, int>? _byPod;

        public bool IsEmpty => _byPod is null ? _count == 0 : _byPod.Count == 0;

        public int Total => _byPod?.Values.Sum() ?? _count;

        public int Of(string podUid) =>
            _byPod is not null ? _byPod.GetValueOrDefault(podUid) : string.Equals(_uid, podUid, StringComparison.Ordinal) ? _count : 0;

        public void Add(string podUid)
        {
            if (_byPod is null)
            {
                if (_count == 0 || string.Equals(_uid, podUid, StringComparison.Ordinal))
                {
                    _uid = podUid;
                    _count++;
                    return;
                }

                _byPod = new Dictionary<string, int>(StringComparer.Ordinal) { [_uid] = _count };
            }

            _byPod[podUid] = _byPod.GetValueOrDefault(podUid) + 1;
        }

        /// <summary>Drops one reference of the pod; returns whether it had one.</summary>
        public bool Remove(string podUid)
        {
            if (_byPod is null)
            {
                if (_count == 0 || !string.Equals(_uid, podUid, StringComparison.Ordinal))
                {
                    return false;
                }

                _count--;
                return true;
            }

            if (!_byPod.TryGetValue(podUid, out var count))
            {
                return false;
            }

            if (count > 1)
            {
                _byPod[podUid] = count - 1;
            }
            else
            {
                _byPod.Remove(podUid);
            }

            return true;
        }
    }
}
