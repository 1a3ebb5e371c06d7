using FsCheck.Xunit;
using SecretProjection.Model;

namespace SecretProjection.Tests.Model;

public class CompactUidTests
{
    [Property]
    public bool Any_string_comes_back_exactly(string? uid) => CompactUid.From(uid).ToString() == uid;

    [Property]
    public bool Any_guid_in_the_api_servers_form_comes_back_exactly_and_is_kept_as_a_guid(Guid guid)
    {
        var uid = guid.ToString("D");
        var kept = CompactUid.From(uid);
        return kept.IsCompact && kept.ToString() == uid;
    }

    [Property]
    public bool Equal_strings_are_equal_values_and_only_they(string? a, string? b)
    {
        var (x, y) = (CompactUid.From(a), CompactUid.From(b));
        var equal = x.Equals(y);
        return equal == string.Equals(a, b, StringComparison.Ordinal) && (!equal || x.GetHashCode() == y.GetHashCode());
    }

    [Property]
    public bool Equal_guid_strings_are_equal_values_and_only_they(Guid a, bool same)
    {
        var b = same ? a : Guid.NewGuid();
        var (x, y) = (CompactUid.From(a.ToString("D")), CompactUid.From(new string(b.ToString("D"))));
        return x.Equals(y) == (a == b);
    }

    [Property]
    public bool Only_what_formats_back_to_itself_is_kept_as_a_guid(string? uid) =>
        CompactUid.From(uid).IsCompact == (Guid.TryParseExact(uid, "D", out var guid) && guid.ToString("D") == uid);

    [Theory]
    [InlineData("6F9619FF-8B86-D011-B42D-00CF4FC964FF")]
    [InlineData("6f9619ff-8b86-d011-b42d-00CF4FC964FF")]
    [InlineData("{6f9619ff-8b86-d011-b42d-00cf4fc964ff}")]
    [InlineData("(6f9619ff-8b86-d011-b42d-00cf4fc964ff)")]
    [InlineData("6f9619ff8b86d011b42d00cf4fc964ff")]
    [InlineData(" 6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff ")]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964fg")]
    [InlineData("6f9619ff+8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("uid-pod-0001")]
    [InlineData("")]
    public void Other_forms_are_kept_as_the_string_they_are(string uid)
    {
        var kept = CompactUid.From(uid);
        Assert.False(kept.IsCompact);
        Assert.Equal(uid, kept.ToString());
    }

    [Theory]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    public void The_api_servers_form_is_kept_as_a_guid(string uid)
    {
        var kept = CompactUid.From(uid);
        Assert.True(kept.IsCompact);
        Assert.Equal(uid, kept.ToString());
    }

    [Fact]
    public void No_uid_is_the_default_and_comes_back_as_null()
    {
        Assert.Null(CompactUid.From(null).ToString());
        Assert.Equal(default, CompactUid.From(null));
        Assert.NotEqual(CompactUid.From(null), CompactUid.From(string.Empty));
        Assert.NotEqual(CompactUid.From(null), CompactUid.From("00000000-0000-0000-0000-000000000000"));
    }

    [Fact]
    public void A_secret_gives_back_its_uid_and_compares_by_it()
    {
        const string uid = "6f9619ff-8b86-d011-b42d-00cf4fc964ff";
        var secret = new Secret { Name = "s", Uid = uid, ResourceVersion = "42" };
        Assert.Equal(uid, secret.Uid);
        Assert.Equal(secret, new Secret { Name = "s", Uid = new string(uid), ResourceVersion = "42" });
        Assert.Equal(secret.GetHashCode(), new Secret { Name = "s", Uid = new string(uid), ResourceVersion = "42" }.GetHashCode());
        Assert.NotEqual(secret, secret with { Uid = uid.ToUpperInvariant() });
        Assert.Equal(uid.ToUpperInvariant(), (secret with { Uid = uid.ToUpperInvariant() }).Uid);
        Assert.Null((secret with { Uid = null }).Uid);
        Assert.Equal("42", (secret with { Uid = "x" }).ResourceVersion);
    }
}
