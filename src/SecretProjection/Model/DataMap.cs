using System.Buffers.Binary;
using System.Collections;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SecretProjection.Model;

/// <summary>
/// An immutable map from key to bytes, in ordinal key order: the <c>data</c> of a Secret and the
/// <c>binaryData</c> of a ConfigMap.
/// </summary>
/// <remarks>
/// Values are secrets. <see cref="ToString"/> and the debugger show key names and byte counts only.
/// Equality compares keys and bytes.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class DataMap : IReadOnlyDictionary<string, ReadOnlyMemory<byte>>, IEquatable<DataMap>
{
    // Compact, as a cache keeps thousands of maps: the sorted keys, searched without an index and shared by the maps
    // with the same key set (InternPool); the values one after the other in one buffer, after the end offset of
    // each (little-endian, a uint16 per key when the whole buffer fits that, else an int32: the buffer's length
    // tells which), so a map is three objects whatever its size.
    private readonly string[] _keys;
    private readonly byte[] _buffer;

    /// <summary>The empty map.</summary>
    public static DataMap Empty { get; } = new([], []);

    // Up to this many pairs, a map is built without a dictionary.
    private const int SmallCount = 16;

    private DataMap(string[] keys, byte[] buffer)
    {
        _keys = keys;
        _buffer = buffer;
    }

    /// <summary>Copies the values of <paramref name="sortedKeys"/>, the first of <paramref name="sortedValues"/>, into a new map.</summary>
    private static DataMap Build(ReadOnlySpan<string> sortedKeys, ReadOnlySpan<ReadOnlyMemory<byte>> sortedValues)
    {
        if (sortedKeys.Length == 0)
        {
            return Empty;
        }

        long values = 0;
        for (var i = 0; i < sortedKeys.Length; i++)
        {
            values += sortedValues[i].Length;
        }

        var width = OffsetWidth((sortedKeys.Length * (long)sizeof(ushort)) + values);
        var header = sortedKeys.Length * width;
        var total = header + values;

        if (total > Array.MaxLength)
        {
            throw new ArgumentException("The values of a map cannot exceed 2 GiB in all.");
        }

        var buffer = new byte[total];
        var end = header;
        for (var i = 0; i < sortedKeys.Length; i++)
        {
            var value = sortedValues[i].Span;
            value.CopyTo(buffer.AsSpan(end));
            end += value.Length;
            if (width == sizeof(ushort))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(i * width), (ushort)end);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(i * width), end);
            }
        }

        return new DataMap(InternPool.InternKeys(sortedKeys), buffer);
    }

    /// <summary>Creates a map from key/value pairs; a later pair with the same key wins.</summary>
    /// <param name="entries">The entries. The bytes are copied.</param>
    /// <returns>The map.</returns>
    public static DataMap Create(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries is ICollection<KeyValuePair<string, byte[]>> { Count: <= SmallCount } small)
        {
            return FromFewPairs(small);
        }

        var merged = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(key);
            merged[key] = value ?? [];
        }

        return FromDictionary(merged);
    }

    /// <summary>Creates a map from key/value pairs whose values are UTF-8 text; a later pair with the same key wins.</summary>
    /// <param name="entries">The entries.</param>
    /// <returns>The map.</returns>
    public static DataMap FromStrings(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Create(entries.Select(e => KeyValuePair.Create(e.Key, Encoding.UTF8.GetBytes(e.Value ?? string.Empty))));
    }

    /// <summary>
    /// Returns this map with <paramref name="stringData"/> merged in, its entries winning, as the API server
    /// does with a Secret's <c>stringData</c> before it stores the object.
    /// </summary>
    /// <param name="stringData">The write-only string entries.</param>
    /// <returns>The merged map.</returns>
    public DataMap WithStringData(IEnumerable<KeyValuePair<string, string>> stringData)
    {
        ArgumentNullException.ThrowIfNull(stringData);
        var merged = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            merged[_keys[i]] = ValueAt(i);
        }

        foreach (var (key, value) in stringData)
        {
            merged[key] = Encoding.UTF8.GetBytes(value ?? string.Empty);
        }

        return FromDictionary(merged);
    }

    /// <summary>Returns this map with one entry set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The bytes (copied).</param>
    /// <returns>The new map.</returns>
    public DataMap With(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var merged = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            merged[_keys[i]] = ValueAt(i);
        }

        merged[key] = value.ToArray();
        return FromDictionary(merged);
    }

    private static DataMap FromDictionary(Dictionary<string, ReadOnlyMemory<byte>> merged)
    {
        var keys = merged.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var values = new ReadOnlyMemory<byte>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = merged[keys[i]];
        }

        return Build(keys, values);
    }

    /// <summary>
    /// A map of a few pairs (as most Secrets have), without a dictionary: each pair is inserted into place in two
    /// arrays on the stack, a later pair with the same key replacing the value. Only the map's buffer is allocated,
    /// and its key array when the key set is new.
    /// </summary>
    private static DataMap FromFewPairs(ICollection<KeyValuePair<string, byte[]>> entries)
    {
        if (entries is not KeyValuePair<string, byte[]>[] pairs)
        {
            pairs = new KeyValuePair<string, byte[]>[entries.Count];
            entries.CopyTo(pairs, 0);
        }

        var keyStore = default(FewKeys);
        var valueStore = default(FewValues);
        Span<string> keys = keyStore[..pairs.Length];
        Span<ReadOnlyMemory<byte>> values = valueStore[..pairs.Length];
        var count = 0;
        foreach (var pair in pairs)
        {
            var key = pair.Key;
            var value = pair.Value;
            ArgumentNullException.ThrowIfNull(key);
            var at = count;
            while (at > 0 && string.CompareOrdinal(keys[at - 1], key) > 0)
            {
                at--;
            }

            if (at > 0 && keys[at - 1] == key)
            {
                values[at - 1] = value ?? [];
                continue;
            }

            keys[at..count].CopyTo(keys[(at + 1)..]);
            values[at..count].CopyTo(values[(at + 1)..]);
            keys[at] = key;
            values[at] = value ?? [];
            count++;
        }

        return Build(keys[..count], values[..count]);
    }

    [InlineArray(SmallCount)]
    private struct FewKeys
    {
        private string _first;
    }

    [InlineArray(SmallCount)]
    private struct FewValues
    {
        private ReadOnlyMemory<byte> _first;
    }

    /// <summary>The sum of the value lengths in bytes, as the API server counts a Secret's size.</summary>
    public long TotalBytes => _buffer.Length - (_keys.Length * OffsetWidth(_buffer.Length));

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <summary>The keys in ordinal order.</summary>
    /// <remarks>A read-only view: the array may be shared with other maps of the same keys.</remarks>
    public IEnumerable<string> Keys => ImmutableCollectionsMarshal.AsImmutableArray(_keys);

    /// <summary>The values in key order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Values
    {
        get
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                yield return ValueAt(i);
            }
        }
    }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException("The key is not in the map.");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, out ReadOnlyMemory<byte> value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : default;
        return i >= 0;
    }

    /// <summary>The key at a position in ordinal order.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The key.</returns>
    public string KeyAt(int index) => _keys[index];

    /// <summary>The value at a position in ordinal key order.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlyMemory<byte> ValueAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _keys.Length);
        var start = index == 0 ? _keys.Length * OffsetWidth(_buffer.Length) : EndOf(index - 1);
        return _buffer.AsMemory(start, EndOf(index) - start);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, ReadOnlyMemory<byte>>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return KeyValuePair.Create(_keys[i], ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(DataMap? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._keys.Length != _keys.Length)
        {
            return false;
        }

        if (!ReferenceEquals(_keys, other._keys) && !_keys.AsSpan().SequenceEqual(other._keys))
        {
            return false;
        }

        // Same keys: the offsets and the values are equal exactly when the buffers are.
        return _buffer.AsSpan().SequenceEqual(other._buffer);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DataMap);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var key in _keys)
        {
            hash.Add(key, StringComparer.Ordinal);
        }

        hash.Add(TotalBytes);
        return hash.ToHashCode();
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Array.BinarySearch(_keys, key, StringComparer.Ordinal);
    }

    private int EndOf(int index) => OffsetWidth(_buffer.Length) == sizeof(ushort)
        ? BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(index * sizeof(ushort)))
        : BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(index * sizeof(int)));

    /// <summary>
    /// The bytes of an end offset: two while a buffer with two-byte offsets fits in 64 KiB, else four. Given the
    /// length with two-byte offsets when building, and the buffer's length when reading: a buffer built with four-byte
    /// offsets is longer still, so both give the same answer.
    /// </summary>
    private static int OffsetWidth(long length) => length <= ushort.MaxValue ? sizeof(ushort) : sizeof(int);

    /// <summary>Key names and byte counts, never the values: <c>{a: 5 B, b: 3 B}</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(_keys[i]).Append(": ").Append(ValueAt(i).Length).Append(" B");
        }

        return builder.Append('}').ToString();
    }
}
