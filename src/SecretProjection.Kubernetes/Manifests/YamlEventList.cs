namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A growing list of events, read by reference. Not <c>List&lt;YamlEvent&gt;</c>: the runtime library's generic code
/// over a struct of this assembly cannot be precompiled with it, so each run would start that list's methods in the
/// JIT's unoptimized tier, on the reader's hottest path (<see cref="ArrayStack"/>).
/// </summary>
internal sealed class YamlEventList
{
    private YamlEvent[] _items = new YamlEvent[64];
    private int _count;

    public int Count => _count;

    /// <summary>The event at <paramref name="index"/>, which must be below <see cref="Count"/>.</summary>
    public ref readonly YamlEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ref _items[index];
        }
    }

    public void Add(in YamlEvent item) => ArrayStack.Push(ref _items, ref _count, item);

    /// <summary>Empties the list, dropping the strings its events held (a scalar may be a Secret's data).</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }
}
