using System.Buffers;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// A pool that hands out arrays of exactly the size asked for and counts them: what is rented now, every size rented,
/// and whether each array came back cleared. Returning an array it did not hand out, or one twice, fails.
/// </summary>
internal sealed class CountingPool : ArrayPool<byte>
{
    private readonly HashSet<byte[]> _out = new(ReferenceEqualityComparer.Instance);

    /// <summary>The arrays rented and not yet returned.</summary>
    public int Outstanding => _out.Count;

    /// <summary>The size of every rent, in order.</summary>
    public List<int> Rents { get; } = [];

    /// <summary>Whether every array came back with <c>clearArray</c>.</summary>
    public bool AllReturnedCleared { get; private set; } = true;

    public override byte[] Rent(int minimumLength)
    {
        var array = new byte[minimumLength];
        Rents.Add(minimumLength);
        _out.Add(array);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        Assert.True(_out.Remove(array), "an array returned that is not rented");
        AllReturnedCleared &= clearArray;
    }
}
