namespace SecretProjection.Syncing;

/// <summary>
/// The changes reported to a pod sync and not yet taken by its loop, in the order they came: many writers (the
/// managers' events, on their threads), one reader (the loop). An empty queue holds nothing: a node agent keeps one
/// per pod, and most pods' objects do not change for hours, where a <c>ConcurrentQueue</c> keeps its first 32-slot
/// segment (0.8 KB) from the start.
/// </summary>
/// <typeparam name="T">The changes.</typeparam>
internal sealed class ChangeQueue<T>
{
    private Node? _newest; // a stack, newest first; taken whole and reversed

    /// <summary>Whether no change waits.</summary>
    public bool IsEmpty => Volatile.Read(ref _newest) is null;

    /// <summary>Adds a change; safe from any thread.</summary>
    public void Enqueue(T item)
    {
        var node = new Node(item);
        var newest = Volatile.Read(ref _newest);
        while (true)
        {
            node.Older = newest;
            var seen = Interlocked.CompareExchange(ref _newest, node, newest);
            if (ReferenceEquals(seen, newest))
            {
                return;
            }

            newest = seen;
        }
    }

    /// <summary>Removes every change that waits and returns them oldest first (an empty array when none).</summary>
    public T[] TakeAll()
    {
        var node = Interlocked.Exchange(ref _newest, null);
        if (node is null)
        {
            return [];
        }

        var count = 0;
        for (var n = node; n is not null; n = n.Older)
        {
            count++;
        }

        var items = new T[count];
        for (var n = node; n is not null; n = n.Older)
        {
            items[--count] = n.Item;
        }

        return items;
    }

    private sealed class Node(T item)
    {
        public T Item { get; } = item;

        public Node? Older { get; set; }
    }
}
