namespace SecretProjection.ObjectManagers;

/// <summary>
/// An object of a store with its references by pod uid (upstream's <c>refMap</c> entry, the <c>refCount</c> of an
/// <c>objectStoreItem</c>). Most objects are referenced by one pod, so that pod and its count are kept inline, in the
/// store's entry itself; a dictionary is made only when a second pod refers to the object. Not thread-safe: the stores
/// call it under their lock. A store finds its objects by namespace and name (<see cref="ObjectsByName{TObject}"/>).
/// </summary>
internal abstract class ReferencedObject
{
    // The one pod's uid (its references in _count), or, once a second pod refers to the object, the references by pod
    // uid: one field for both, as an object has one or the other (a word per object, thousands of objects).
    private object? _references;
    private int _count;

    /// <param name="namespace">The object's namespace, as the first pod that referred to it named it.</param>
    /// <param name="name">The object's name, likewise: the store keeps no key of its own.</param>
    protected ReferencedObject(string @namespace, string name)
    {
        Namespace = @namespace;
        Name = name;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The next object of the same bucket of the store's table (<see cref="ObjectsByName{TObject}"/>).</summary>
    public ReferencedObject? NextByName { get; set; }

    /// <summary>Whether no pod refers to the object any more.</summary>
    public bool IsUnreferenced => _references is Dictionary<string, int> byPod ? byPod.Count == 0 : _count == 0;

    /// <summary>The references from every pod.</summary>
    public int References => _references is Dictionary<string, int> byPod ? byPod.Values.Sum() : _count;

    /// <summary>The references from one pod uid.</summary>
    public int ReferencesOf(string podUid) => _references switch
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
