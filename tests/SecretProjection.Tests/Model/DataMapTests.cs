using System.Text;
using FsCheck.Xunit;
using SecretProjection.Model;

namespace SecretProjection.Tests.Model;

public class DataMapTests
{
    [Fact]
    public void Keys_are_in_ordinal_order_and_later_entries_win()
    {
        var map = DataMap.FromStrings([KeyValuePair.Create("b", "1"), KeyValuePair.Create("B", "2"), KeyValuePair.Create("a", "3"), KeyValuePair.Create("b", "4")]);
        Assert.Equal(["B", "a", "b"], map.Keys);
        Assert.Equal("4", Encoding.UTF8.GetString(map["b"].Span));
        Assert.Equal(3, map.TotalBytes);
    }

    [Fact]
    public void String_data_wins_over_data()
    {
        var map = DataMap.FromStrings([KeyValuePair.Create("k", "data"), KeyValuePair.Create("only", "x")]).WithStringData([KeyValuePair.Create("k", "string")]);
        Assert.Equal("string", Encoding.UTF8.GetString(map["k"].Span));
        Assert.True(map.ContainsKey("only"));
    }

    [Fact]
    public void Copies_the_bytes_it_is_given()
    {
        var bytes = "abc"u8.ToArray();
        var map = DataMap.Create([KeyValuePair.Create("k", bytes)]);
        bytes[0] = (byte)'X';
        Assert.Equal("abc", Encoding.UTF8.GetString(map["k"].Span));
    }

    [Fact]
    public void ToString_shows_key_names_and_sizes_never_values()
    {
        var map = DataMap.FromStrings([KeyValuePair.Create("password", "hunter2-MARKER")]);
        Assert.Equal("{password: 14 B}", map.ToString());
        var secret = new Secret { Name = "s", Data = map };
        Assert.DoesNotContain("MARKER", secret.ToString(), StringComparison.Ordinal);
        Assert.Equal("Secret default/s (Opaque) {password: 14 B}", secret.ToString());
    }

    [Property]
    public bool Equality_is_by_keys_and_bytes_whatever_the_insertion_order(string[] keys, byte[] value)
    {
        var entries = (keys ?? []).Where(k => k is not null).Distinct(StringComparer.Ordinal).Select(k => KeyValuePair.Create(k, value ?? [])).ToArray();
        var a = DataMap.Create(entries);
        var b = DataMap.Create(entries.Reverse());
        var equal = a.Equals(b) && a.GetHashCode() == b.GetHashCode();
        if (entries.Length == 0)
        {
            return equal;
        }

        var changed = a.With(entries[0].Key, [.. value ?? [], 1]);
        return equal && !a.Equals(changed);
    }

    [Fact]
    public void Different_bytes_are_not_equal() =>
        Assert.NotEqual(DataMap.FromStrings([KeyValuePair.Create("k", "a")]), DataMap.FromStrings([KeyValuePair.Create("k", "b")]));

    [Property]
    public bool Finds_every_value_by_key_and_position_as_a_dictionary_does(string[] keys, byte[][] values)
    {
        var entries = (keys ?? []).Where(k => k is not null).Select((k, i) => KeyValuePair.Create(k, values is { Length: > 0 } ? values[i % values.Length] ?? [] : [])).ToArray();
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            expected[key] = value;
        }

        var map = DataMap.Create(entries);
        var sorted = expected.Keys.Order(StringComparer.Ordinal).ToArray();
        return map.Count == expected.Count
            && map.Keys.SequenceEqual(sorted)
            && sorted.Select((key, i) => map.KeyAt(i) == key && map.ValueAt(i).Span.SequenceEqual(expected[key]) && map[key].Span.SequenceEqual(expected[key])).All(ok => ok)
            && map.Values.Zip(sorted).All(v => v.First.Span.SequenceEqual(expected[v.Second]))
            && map.TotalBytes == expected.Values.Sum(v => (long)v.Length)
            && !map.TryGetValue("\0absent", out _) && !map.ContainsKey("\0absent");
    }

    [Fact]
    public void Maps_with_the_same_keys_share_one_key_set_that_nobody_can_change()
    {
        // The pool is one bounded table for the whole process: a test running beside this one may take the slot
        // between two maps (a lost chance to share, by design), so one pair of the first few must share.
        var (a, b) = FirstSharedPair(
            () => DataMap.FromStrings([KeyValuePair.Create(new string("tls.crt"), "a"), KeyValuePair.Create(new string("tls.key"), "b")]),
            () => DataMap.FromStrings([KeyValuePair.Create(new string("tls.key"), "c"), KeyValuePair.Create(new string("tls.crt"), "d")]),
            (x, y) => ReferenceEquals(x.KeyAt(0), y.KeyAt(0)) && ReferenceEquals(x.KeyAt(1), y.KeyAt(1)));

        Assert.Same(a.KeyAt(0), b.KeyAt(0));
        Assert.Same(a.KeyAt(1), b.KeyAt(1));
        Assert.False(a.Keys is string[], "the keys are handed out read-only");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)a.Keys)[0] = "changed");
        Assert.Equal("c", Encoding.UTF8.GetString(b["tls.key"].Span));
    }

    [Fact]
    public void Secrets_share_their_namespace_and_type_strings()
    {
        var (a, b) = FirstSharedPair(
            () => new Secret { Name = "a", Namespace = new string("shop"), Type = new string("kubernetes.io/tls") },
            () => new Secret { Name = "b", Namespace = new string("shop"), Type = new string("kubernetes.io/tls") },
            (x, y) => ReferenceEquals(x.Namespace, y.Namespace) && ReferenceEquals(x.Type, y.Type));

        Assert.Same(a.Namespace, b.Namespace);
        Assert.Same(a.Type, b.Type);
        Assert.Equal(("shop", "kubernetes.io/tls"), (b.Namespace, b.Type));
    }

    /// <summary>
    /// The first of ten pairs made one right after the other that <paramref name="shares"/>, or the last pair: sharing
    /// fails only if something else takes the slot between the two, every time.
    /// </summary>
    private static (T First, T Second) FirstSharedPair<T>(Func<T> first, Func<T> second, Func<T, T, bool> shares)
    {
        var pair = (first(), second());
        for (var attempt = 1; attempt < 10 && !shares(pair.Item1, pair.Item2); attempt++)
        {
            pair = (first(), second());
        }

        return pair;
    }

    [Fact]
    public void A_position_outside_the_map_is_refused()
    {
        var map = DataMap.FromStrings([KeyValuePair.Create("k", "v")]);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.ValueAt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.ValueAt(-1));
        Assert.Throws<KeyNotFoundException>(() => map["absent"]);
    }

    [Theory]
    [InlineData(3, 65535 - 6)]
    [InlineData(3, 65535 - 5)]
    [InlineData(3, 65535 - 4)]
    [InlineData(1, 65533)]
    [InlineData(1, 65534)]
    [InlineData(2, 200_000)]
    public void Values_come_back_whole_on_either_side_of_the_64_KiB_offsets(int keys, int totalBytes)
    {
        // The end offsets take two bytes while the whole buffer fits 64 KiB, four beyond: each value must come back.
        var values = Enumerable.Range(0, keys)
            .Select(k => Enumerable.Range(0, (totalBytes / keys) + (k < totalBytes % keys ? 1 : 0)).Select(b => (byte)(b * 7 + k)).ToArray())
            .ToArray();
        var map = DataMap.Create(values.Select((v, k) => KeyValuePair.Create("k" + k, v)));
        Assert.Equal(totalBytes, map.TotalBytes);
        for (var k = 0; k < keys; k++)
        {
            Assert.Equal(values[k], map["k" + k].ToArray());
        }

        Assert.Equal(map, DataMap.Create(values.Select((v, k) => KeyValuePair.Create("k" + k, v))));
        Assert.NotEqual(map, map.With("k0", [.. values[0], 1]));
    }

    /// <summary>
    /// A collection of up to 16 pairs is built without a dictionary: whatever the input's kind and size, a map has
    /// the same keys in ordinal order, a later pair with the same key winning.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Any_collection_of_pairs_gives_the_map_a_dictionary_of_them_gives(byte[] keyChoices)
    {
        string[] alphabet = ["a", "b", "B", "a.b", "_", "a-1", "Z", "ab", "b0", "k"];
        var pairs = keyChoices.Take(40).Select((c, i) => KeyValuePair.Create(alphabet[c % alphabet.Length], new[] { (byte)i, c })).ToArray();
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            expected[key] = value;
        }

        var keys = expected.Keys.Order(StringComparer.Ordinal).ToArray();
        foreach (var map in (DataMap[])[DataMap.Create(pairs), DataMap.Create(pairs.ToList()), DataMap.Create(pairs.Select(p => p)), DataMap.Create(expected)])
        {
            Assert.Equal(keys, map.Keys);
            Assert.All(keys, k => Assert.Equal(expected[k], map[k].ToArray()));
            Assert.Equal(keys.Sum(k => expected[k].Length), map.TotalBytes);
        }
    }
}
