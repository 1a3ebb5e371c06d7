namespace SecretProjection.ObjectManagers;

/// <summary>
/// The references to an object of a store by pod uid (upstream's <c>refMap</c> entry, the <c>refCount</c> of an
/// <c>objectStoreItem</c>), kept in the store's entry itself (<see cref="IStoredObject.References"/>). Most objects are
/// referenced by one pod, so that pod and its count are kept inline; a dictionary is made only when a second pod
/// refers to the object. Not thread-safe: the stores use it under their lock.
/// </summary>
internal struct ReferenceCounts
{
    // The one pod's uid (its references in _count), or, once a second pod refers to the object, the references by pod
    // uid: one field for both, as an object has one or the other (a word per object, thousands of objects).
    private object? _references;
    private int _count;

    /// <summary>Whether no pod refers to the object any more.</summary>
    public readonly bool IsUnreferenced => _references is Dictionary<string, int> byPod ? byPod.Count == 0 : _count == 0;

    /// <summary>The references from every pod.</summary>
    public readonly int References => _references is Dictionary<string, int> byPod ? byPod.Values.Sum() : _count;

    /// <summary>The references from one pod uid.</summary>
    public readonly int ReferencesOf(string podUid) => _references switch
    {
        Dictionary<string, int> byPod => byPod.GetValueOrDefault(podUid),
        string uid when string.Equals(uid, podUid, StringComparison.Ordinal) => _count,
        _ => 0,
    };

    /// <summary>Adds one reference of the pod.</summary>
    public void AddReference(string podUid)
    {
        if (_references is not Dictionary<string, int> byPod)
        {
            var uid = (string?)_references;
            if (_count == 0 || string.Equals(uid, podUid, StringComparison.Ordinal))
            {
                _references = podUid;
                _count++;
                return;
            }

            byPod = new Dictionary<string, int>(StringComparer.Ordinal) { [uid!] = _count };
            _references = byPod;
        }

        byPod[podUid] = byPod.GetValueOrDefault(podUid) + 1;
    }

    /// <summary>Drops one reference of the pod (none when it has none); returns whether it had one.</summary>
    public bool RemoveReference(string podUid)
    {
        if (_references is not Dictionary<string, int> byPod)
        {
            if (_count == 0 || !string.Equals((string?)_references, podUid, StringComparison.Ordinal))
            {
                return false;
            }

            _count--;
            return true;
        }

        if (!byPod.TryGetValue(podUid, out var count))
        {
            return false;
        }

        if (count > 1)
        {
            byPod[podUid] = count - 1;
        }
        else
        {
            byPod.Remove(podUid);
        }

        return true;
    }
}
