using System.Runtime.CompilerServices;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A stack kept in an array and a count, reused from object to object by the reader. Generic code of this assembly
/// over its own structs, which ReadyToRun precompiles; <c>Stack&lt;T&gt;</c> or <c>List&lt;T&gt;</c> of them would be
/// compiled at run time in every run, as generic code of another assembly.
/// </summary>
internal static class ArrayStack
{
    /// <summary>Pushes <paramref name="item"/>, doubling the array when it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Push<T>(ref T[] items, ref int count, in T item)
    {
        if (count == items.Length)
        {
            Grow(ref items);
        }

        items[count++] = item;
    }

    // Apart from the push, which is inlined where an event is added: growing is rare.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow<T>(ref T[] items)
    {
        var larger = new T[items.Length * 2];
        Array.Copy(items, larger, items.Length);
        items = larger;
    }
}
