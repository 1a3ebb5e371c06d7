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
}
