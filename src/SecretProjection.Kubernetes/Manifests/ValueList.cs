using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A growing list read and written by reference, for the reader's events and line starts. Not <c>List&lt;T&gt;</c>:
/// the runtime library's generic code over a struct of this assembly cannot be precompiled with it, so each run would
/// start that list's methods in the JIT's unoptimized tier (<see cref="ArrayStack"/>); and a call from precompiled
/// code into the runtime library is not inlined, where this list's indexer is, on the parser's hottest path.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class ValueList<T>
{
    private T[] _items = new T[64];
    private int _count;

    public int Count => _count;

    /// <summary>The item at <paramref name="index"/>, which must be below <see cref="Count"/>.</summary>
    public ref T this[int index]
    {
        // Inlined into the parser's loops: with its throw in place the precompiler called it (about 5% of a large run).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowOutOfRange(index);
            }

            return ref _items[index];
        }
    }

    /// <summary>Adds a copy of <paramref name="item"/>, doubling the array when it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in T item) => ArrayStack.Push(ref _items, ref _count, item);

    /// <summary>Empties the list, dropping what its items held (an event's scalar may be a Secret's data).</summary>
    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, null);
}
