using System.Collections;
using System.Diagnostics;
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
    private readonly string[] _keys;
    private readonly ReadOnlyMemory<byte>[] _values;
    private readonly Dictionary<string, int> _index;

    /// <summary>The empty map.</summary>
    public static DataMap Empty { get; } = new([], []);

    private DataMap(string[] keys, ReadOnlyMemory<byte>[] values)
    {
        _keys = keys;
        _values = values;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            _index[keys[i]] = i;
            total += values[i].Length;
        }

        TotalBytes = total;
    }

    /// <summary>Creates a map from key/value pairs; a later pair with the same key wins.</summary>
    /// <param name="entries">The entries. The bytes are copied.</param>
    /// <returns>The map.</returns>
    public static DataMap Create(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var merged = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(key);
            merged[key] = (value ?? []).ToArray();
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
            merged[_keys[i]] = _values[i];
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
            merged[_keys[i]] = _values[i];
        }

        merged[key] = value.ToArray();
        return FromDictionary(merged);
    }

    private static DataMap FromDictionary(Dictionary<string, ReadOnlyMemory<byte>> merged)
    {
        if (merged.Count == 0)
        {
            return Empty;
        }

        var keys = merged.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var values = new ReadOnlyMemory<byte>[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = merged[keys[i]];
        }

        return new DataMap(keys, values);
    }

    /// <summary>The sum of the value lengths in bytes, as the API server counts a Secret's size.</summary>
    public long TotalBytes { get; }

    /// <inheritdoc/>
    public int Count => _keys.Length;

    /// <summary>The keys in ordinal order.</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>The values in key order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Values => _values;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> this[string key] =>
        _index.TryGetValue(key, out var i) ? _values[i] : throw new KeyNotFoundException("The key is not in the map.");

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out ReadOnlyMemory<byte> value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _values[i];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The key at a position in ordinal order.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The key.</returns>
    public string KeyAt(int index) => _keys[index];

    /// <summary>The value at a position in ordinal key order.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlyMemory<byte> ValueAt(int index) => _values[index];

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, ReadOnlyMemory<byte>>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return KeyValuePair.Create(_keys[i], _values[i]);
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

        for (var i = 0; i < _keys.Length; i++)
        {
            if (!string.Equals(_keys[i], other._keys[i], StringComparison.Ordinal) || !_values[i].Span.SequenceEqual(other._values[i].Span))
            {
                return false;
            }
        }

        return true;
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

            builder.Append(_keys[i]).Append(": ").Append(_values[i].Length).Append(" B");
        }

        return builder.Append('}').ToString();
    }
}
