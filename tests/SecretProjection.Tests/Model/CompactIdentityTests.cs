using System.Globalization;
using FsCheck.Xunit;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Tests.Model;

public class CompactIdentityTests
{
    private const string Uid = "6f9619ff-8b86-d011-b42d-00cf4fc964ff";

    [Property]
    public bool Any_strings_come_back_exactly(string? uid, string? resourceVersion)
    {
        var kept = CompactIdentity.From(uid, resourceVersion);
        return kept.Uid == uid && kept.ResourceVersion.ToString() == resourceVersion;
    }

    [Property]
    public bool The_api_servers_forms_come_back_exactly_and_keep_no_string(Guid guid, ulong number)
    {
        var (uid, resourceVersion) = (guid.ToString("D"), (number >> 3).ToString(CultureInfo.InvariantCulture));
        var kept = CompactIdentity.From(uid, resourceVersion);
        return kept.KeepsNoString && kept.Uid == uid && kept.ResourceVersion.ToString() == resourceVersion
            && kept.ResourceVersion.Equals(CompactResourceVersion.From(resourceVersion));
    }

    [Property]
    public bool Equal_strings_are_equal_values_and_only_they(string? uidA, string? uidB, string? versionA, string? versionB, bool sameUid, bool sameVersion)
    {
        uidB = sameUid ? (uidA is null ? null : new string(uidA)) : uidB;
        versionB = sameVersion ? (versionA is null ? null : new string(versionA)) : versionB;
        var (x, y) = (CompactIdentity.From(uidA, versionA), CompactIdentity.From(uidB, versionB));
        var equal = x.Equals(y);
        var same = string.Equals(uidA, uidB, StringComparison.Ordinal) && string.Equals(versionA, versionB, StringComparison.Ordinal);
        return equal == same && (!equal || x.GetHashCode() == y.GetHashCode());
    }

    [Property]
    public bool Equal_guids_and_numbers_are_equal_values_and_only_they(Guid a, Guid b, ulong m, ulong n, bool sameGuid, bool sameNumber)
    {
        (b, n) = (sameGuid ? a : b, sameNumber ? m : n);
        var x = CompactIdentity.From(a.ToString("D"), m.ToString(CultureInfo.InvariantCulture));
        var y = CompactIdentity.From(b.ToString("D"), n.ToString(CultureInfo.InvariantCulture));
        return x.Equals(y) == (a == b && m == n) && x.ResourceVersion.IsOlderThan(y.ResourceVersion) == (m < n);
    }

    [Property]
    public bool Only_a_guid_that_formats_back_to_itself_keeps_no_string(string? uid) =>
        CompactIdentity.From(uid, null).KeepsNoString == (uid is null || (Guid.TryParseExact(uid, "D", out var guid) && guid.ToString("D") == uid));

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
    public void Other_uids_are_kept_as_the_string_they_are(string uid)
    {
        foreach (var resourceVersion in new[] { null, "42", "042" })
        {
            var kept = CompactIdentity.From(uid, resourceVersion);
            Assert.False(kept.KeepsNoString);
            Assert.Equal(uid, kept.Uid);
            Assert.Equal(resourceVersion, kept.ResourceVersion.ToString());
            Assert.NotEqual(CompactIdentity.From(Uid, resourceVersion), kept);
        }
    }

    [Theory]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    public void The_api_servers_uids_are_kept_as_a_guid(string uid)
    {
        var kept = CompactIdentity.From(uid, "7");
        Assert.True(kept.KeepsNoString);
        Assert.Equal(uid, kept.Uid);
        Assert.NotEqual(CompactIdentity.From(null, "7"), kept);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("4611686018427387902", true)]
    [InlineData("4611686018427387903", false)]
    [InlineData("18446744073709551614", false)]
    [InlineData("18446744073709551616", false)]
    [InlineData("007", false)]
    [InlineData("-1", false)]
    [InlineData("", false)]
    public void Resource_versions_are_kept_as_a_number_below_two_to_the_62_and_compare_as_the_versioner_does(string resourceVersion, bool keepsNoString)
    {
        var kept = CompactIdentity.From(Uid, resourceVersion);
        Assert.Equal(keepsNoString, kept.KeepsNoString);
        Assert.Equal(resourceVersion, kept.ResourceVersion.ToString());
        Assert.Equal(CompactResourceVersion.From(resourceVersion), kept.ResourceVersion);
    }

    [Fact]
    public void Nothing_is_the_default_and_comes_back_as_null()
    {
        var none = CompactIdentity.From(null, null);
        Assert.Equal(default, none);
        Assert.Null(none.Uid);
        Assert.Null(none.ResourceVersion.ToString());
        Assert.NotEqual(none, CompactIdentity.From(string.Empty, null));
        Assert.NotEqual(none, CompactIdentity.From(null, string.Empty));
        Assert.NotEqual(CompactIdentity.From(string.Empty, null), CompactIdentity.From(null, string.Empty));
    }

    [Fact]
    public void A_secret_gives_back_its_uid_and_resource_version_and_compares_by_them()
    {
        var secret = new Secret { Name = "s", Uid = Uid, ResourceVersion = "42" };
        var same = new Secret { Name = "s", Uid = new string(Uid), ResourceVersion = new string("42") };
        Assert.Equal(Uid, secret.Uid);
        Assert.Equal("42", secret.ResourceVersion);
        Assert.Equal(secret, same);
        Assert.Equal(secret.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(secret, secret with { Uid = Uid.ToUpperInvariant() });
        Assert.Equal(Uid.ToUpperInvariant(), (secret with { Uid = Uid.ToUpperInvariant() }).Uid);
        Assert.Null((secret with { Uid = null }).Uid);
        Assert.Equal("42", (secret with { Uid = "x" }).ResourceVersion);
        Assert.Equal(Uid, (secret with { ResourceVersion = "042" }).Uid);
        Assert.Equal("042", (secret with { ResourceVersion = "042" }).ResourceVersion);
        Assert.NotEqual(secret, secret with { ResourceVersion = "042" });
    }

    [Fact]
    public void The_managers_compare_resource_versions_without_allocating()
    {
        // What the watch-based store (on every event and list) and the cache (on every fetch) compare.
        var listed = new Secret { Name = "s", Uid = Uid, ResourceVersion = "41" };
        var watched = listed with { ResourceVersion = "42" };
        var odd = listed with { ResourceVersion = "0042" };
        _ = Compare(listed, watched, odd);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Compare(listed, watched, odd);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3, result);
    }

    private static int Compare(Secret listed, Secret watched, Secret odd)
    {
        var version = ManagedKinds.Secret.ResourceVersion;
        var differs = !version(listed).Equals(version(watched)) ? 1 : 0;
        var older = version(listed).IsOlderThan(version(watched)) ? 1 : 0;
        var oddOlder = version(odd).IsOlderThan(version(listed)) ? 0 : 1;
        return differs + older + oddOlder;
    }
}
