using System.Diagnostics.CodeAnalysis;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// A store's objects, found by namespace and name. The objects hold both, so the table keeps no key of its own, and
/// it chains the objects of a bucket through the objects themselves (<see cref="IStoredObject.NextByName"/>): an
/// object costs the table a word of its own and a share of the buckets (one reference each, at most one bucket per
/// object beyond a power of two), where a <see cref="HashSet{T}"/> entry and its bucket cost 20 bytes, at up to two
/// entries per object. Not thread-safe: the stores use it under their lock.
/// </summary>
/// <typeparam name="TObject">The store's object type.</typeparam>
internal sealed class ObjectsByName<TObject>
    where TObject : class, IStoredObject
{
    private TObject?[] _buckets = [];

    public int Count { get; private set; }

    /// <summary>The object of a namespace and name, if the table has it.</summary>
    public bool TryGetValue(string @namespace, string name, [NotNullWhen(true)] out TObject? item)
    {
        if (_buckets.Length != 0)
        {
            for (var candidate = _buckets[BucketOf(@namespace, name, _buckets.Length)]; candidate is not null; candidate = (TObject?)candidate.NextByName)
            {
                if (string.Equals(candidate.Name, name, StringComparison.Ordinal) && string.Equals(candidate.Namespace, @namespace, StringComparison.Ordinal))
                {
                    item = candidate;
                    return true;
                }
            }
        }

        item = null;
        return false;
    }

    /// <summary>Adds an object whose namespace and name the table does not have yet.</summary>
    public void Add(TObject item)
    {
        if (Count == _buckets.Length)
        {
            Resize(Math.Max(8, _buckets.Length * 2));
        }

        ref var bucket = ref _buckets[BucketOf(item.Namespace, item.Name, _buckets.Length)];
        item.NextByName = bucket;
        bucket = item;
        Count++;
    }

    /// <summary>Removes the object; returns whether the table had it.</summary>
    public bool Remove(TObject item)
    {
        if (_buckets.Length == 0)
        {
            return false;
        }

        var index = BucketOf(item.Namespace, item.Name, _buckets.Length);
        TObject? previous = null;
        for (var candidate = _buckets[index]; candidate is not null; previous = candidate, candidate = (TObject?)candidate.NextByName)
        {
            if (!ReferenceEquals(candidate, item))
            {
                continue;
            }

            if (previous is null)
            {
                _buckets[index] = (TObject?)item.NextByName;
            }
            else
            {
                previous.NextByName = item.NextByName;
            }

            item.NextByName = null;
            Count--;
            return true;
        }

        return false;
    }

    /// <summary>Every object, in no particular order.</summary>
    public IEnumerable<TObject> Items
    {
        get
        {
            foreach (var head in _buckets)
            {
                for (var item = head; item is not null; item = (TObject?)item.NextByName)
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>Removes every object.</summary>
    public void Clear()
    {
        foreach (var item in Items.ToArray())
        {
            item.NextByName = null;
        }

        _buckets = [];
        Count = 0;
    }

    private static int BucketOf(string @namespace, string name, int buckets) =>
        HashCode.Combine(string.GetHashCode(@namespace, StringComparison.Ordinal), string.GetHashCode(name, StringComparison.Ordinal)) & (buckets - 1);

    private void Resize(int buckets)
    {
        var resized = new TObject?[buckets];
        foreach (var head in _buckets)
        {
            var item = head;
            while (item is not null)
            {
                var next = (TObject?)item.NextByName;
                ref var bucket = ref resized[BucketOf(item.Namespace, item.Name, buckets)];
                item.NextByName = bucket;
                bucket = item;
                item = next;
            }
        }

        _buckets = resized;
    }
}
