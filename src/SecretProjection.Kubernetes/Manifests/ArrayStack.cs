namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A stack kept in an array and a count, reused from object to object by the reader. Generic code of this assembly
/// over its own structs, which ReadyToRun precompiles; <c>Stack&lt;T&gt;</c> or <c>List&lt;T&gt;</c> of them would be
/// compiled at run time in every run, as generic code of another assembly.
/// </summary>
internal static class ArrayStack
{
    /// <summary>Pushes <paramref name="item"/>, doubling the array when it is full.</summary>
    public static void Push<T>(ref T[] items, ref int count, in T item)
    {
        if (count == items.Length)
        {
            var larger = new T[items.Length * 2];
            Array.Copy(items, larger, count);
            items = larger;
        }

        items[count++] = item;
    }
}
