namespace SecretProjection.Model;

/// <summary>
/// Shares the strings that most objects repeat (namespaces, types) and the key sets of their data maps, so that a
/// cache of thousands of Secrets keeps one copy of each rather than one per Secret. Bounded: a fixed table of the
/// last value seen in each slot, so a value that stops recurring is dropped, and nothing grows with the input.
/// Thread-safe: a race loses only a chance to share.
/// </summary>
internal static class InternPool
{
    // Powers of two; an entry is one reference. Far more than the namespaces, types and key sets of a node.
    private const int StringSlots = 1024;
    private const int KeySetSlots = 1024;

    // Longer values are kept as they are: they rarely recur, and a slot should not pin a large string.
    private const int MaxStringLength = 256;
    private const int MaxKeySetCount = 64;

    private static readonly string?[] Strings = new string?[StringSlots];
    private static readonly string[]?[] KeySets = new string[]?[KeySetSlots];

    /// <summary>The shared instance of <paramref name="value"/> (<paramref name="value"/> itself the first time).</summary>
    /// <param name="value">The string.</param>
    /// <returns>An equal string.</returns>
    public static string Intern(string value)
    {
        if (value is null || value.Length > MaxStringLength)
        {
            return value!;
        }

        ref var slot = ref Strings[string.GetHashCode(value, StringComparison.Ordinal) & (StringSlots - 1)];
        var shared = Volatile.Read(ref slot);
        if (shared is not null && string.Equals(shared, value, StringComparison.Ordinal))
        {
            return shared;
        }

        Volatile.Write(ref slot, value);
        return value;
    }

    /// <summary>The shared instance of a key set (ordinally sorted), or a new array of <paramref name="keys"/> the first time.</summary>
    /// <param name="keys">The keys, which may be on the caller's stack: an array is made only for a key set not yet shared.</param>
    /// <returns>An equal array, which no one may change.</returns>
    public static string[] InternKeys(ReadOnlySpan<string> keys)
    {
        if (keys.Length == 0 || keys.Length > MaxKeySetCount)
        {
            return keys.ToArray();
        }

        var hash = default(HashCode);
        foreach (var key in keys)
        {
            if (key.Length > MaxStringLength)
            {
                return keys.ToArray();
            }

            hash.Add(string.GetHashCode(key, StringComparison.Ordinal));
        }

        ref var slot = ref KeySets[hash.ToHashCode() & (KeySetSlots - 1)];
        var shared = Volatile.Read(ref slot);
        if (shared is not null && shared.AsSpan().SequenceEqual(keys))
        {
            return shared;
        }

        var added = keys.ToArray();
        Volatile.Write(ref slot, added);
        return added;
    }
}
