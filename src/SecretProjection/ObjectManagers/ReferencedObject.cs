namespace SecretProjection.ObjectManagers;

/// <summary>
/// An object of a store with its references by pod uid (upstream's <c>refMap</c> entry, the <c>refCount</c> of an
/// <c>objectStoreItem</c>). Most objects are referenced by one pod, so that pod and its count are kept inline, in the
/// store's entry itself; a dictionary is made only when a second pod refers to the object. Not thread-safe: the stores
/// call it under their lock. A store finds its objects by namespace and name (<see cref="ByName{TObject}"/>).
/// </summary>
internal abstract class ReferencedObject
{
    private string? _uid;
    private int _count;
    private Dictionary<string, int>? _byPod;

    /// <param name="namespace">The object's namespace, as the first pod that referred to it named it.</param>
    /// <param name="name">The object's name, likewise: the store keeps no key of its own.</param>
    protected ReferencedObject(string @namespace, string name)
    {
        Namespace = @namespace;
        Name = name;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>Whether no pod refers to the object any more.</summary>
    public bool IsUnreferenced => _byPod is null ? _count == 0 : _byPod.Count == 0;

    /// <summary>The references from every pod.</summary>
    public int References => _byPod?.Values.Sum() ?? _count;

    /// <summary>The references from one pod uid.</summary>
    public int ReferencesOf(string podUid) =>
        _byPod is not null ? _byPod.GetValueOrDefault(podUid) : string.Equals(_uid, podUid, StringComparison.Ordinal) ? _count : 0;

    /// <summary>Adds one reference of the pod.</summary>
    public void AddReference(string podUid)
    {
        if (_byPod is null)
        {
            if (_count == 0 || string.Equals(_uid, podUid, StringComparison.Ordinal))
            {
                _uid = podUid;
                _count++;
                return;
            }

            _byPod = new Dictionary<string, int>(StringComparer.Ordinal) { [_uid!] = _count };
        }

        _byPod[podUid] = _byPod.GetValueOrDefault(podUid) + 1;
    }

    /// <summary>Drops one reference of the pod (none when it has none); returns whether it had one.</summary>
    public bool RemoveReference(string podUid)
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
