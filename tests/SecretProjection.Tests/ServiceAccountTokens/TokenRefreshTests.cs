using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Tests.ServiceAccountTokens;

public class TokenRefreshTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ServiceAccountToken Token(DateTimeOffset expiry, long? expirationSeconds) =>
        new(new TokenRequestSpec(null, expirationSeconds, null), "token", expiry);

    // Ported from TestRequiresRefresh (pkg/kubelet/token/token_manager_test.go), for every jitter the kubelet draws.
    [Theory]
    [InlineData(10, 60, false)]
    [InlineData(50, 60, true)]
    [InlineData(25 * 60, 60 * 60, true)]
    [InlineData(70, 60, true)]
    public void TestRequiresRefresh(int nowMinutes, int expiryMinutes, bool expected)
    {
        var token = Token(Start.AddMinutes(expiryMinutes), expiryMinutes * 60L);
        for (var jitter = 0; jitter < 10; jitter++)
        {
            Assert.Equal(expected, TokenRefresh.RequiresRefresh(token, Start.AddMinutes(nowMinutes), TimeSpan.FromSeconds(jitter)));
        }
    }

    // Ported from TestRequiresRefresh, the case whose request names no lifetime: never renewed.
    [Fact]
    public void TestRequiresRefresh_without_expiration_seconds() =>
        Assert.False(TokenRefresh.RequiresRefresh(Token(Start.AddMinutes(60), null), Start.AddDays(2), TimeSpan.Zero));

    [Theory]
    [InlineData(3600, 2879, 0, false)] // 80 % of an hour is 2880 s
    [InlineData(3600, 2881, 0, true)]
    [InlineData(3600, 2872, 9, true)] // the jitter brings renewal forward by up to 9 s
    [InlineData(3600, 2871, 9, false)]
    [InlineData(172800, 86399, 0, false)] // a two-day token is renewed after 24 hours
    [InlineData(172800, 86401, 0, true)]
    [InlineData(601, 481, 0, false)] // 20 % of 601 s is 120 s in whole seconds
    [InlineData(601, 482, 0, true)]
    public void Renews_at_80_percent_or_after_24_hours_less_the_jitter(long lifetime, int elapsedSeconds, int jitterSeconds, bool expected)
    {
        var token = Token(Start.AddSeconds(lifetime), lifetime);
        Assert.Equal(expected, TokenRefresh.RequiresRefresh(token, Start.AddSeconds(elapsedSeconds), TimeSpan.FromSeconds(jitterSeconds)));
    }

    [Fact]
    public void The_jitter_is_whole_seconds_below_ten()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var jitter = TokenRefresh.Jitter(random);
            Assert.InRange(jitter, TimeSpan.Zero, TimeSpan.FromSeconds(9));
            Assert.Equal(0, jitter.Ticks % TimeSpan.TicksPerSecond);
        }
    }

    private static string Key(string name, string ns, string[]? audiences, long? seconds, BoundObjectReference? reference) =>
        TokenRefresh.CacheKey(name, ns, new TokenRequestSpec(audiences, seconds, reference));

    // Ported from TestKeyFunc: hit, and misses for a different lifetime and a different bound object.
    [Fact]
    public void TestKeyFunc()
    {
        var foo = new BoundObjectReference("pod", string.Empty, "foo-pod", "foo-uid");
        var key = Key("foo-sa", "foo-ns", ["foo1", "foo2"], 2000, foo);
        Assert.Equal(key, Key("foo-sa", "foo-ns", ["foo1", "foo2"], 2000, foo));
        Assert.NotEqual(key, Key("ame-sa", "ame-ns", ["ame1", "ame2"], 2000, new BoundObjectReference("pod", string.Empty, "ame-pod", "ame-uid")));
        Assert.NotEqual(key, Key("foo-sa", "foo-ns", ["foo1", "foo2"], 2001, foo));
        Assert.NotEqual(key, Key("foo-sa", "foo-ns", ["foo1", "foo2"], 2000, new BoundObjectReference(foo.Kind, foo.ApiVersion, "diff-pod", foo.Uid)));
    }

    [Fact]
    public void The_key_is_Gos_formatting_of_the_request()
    {
        Assert.Equal(
            "\"foo-sa\"/\"foo-ns\"/[]string{\"foo1\", \"foo2\"}/2000/v1.BoundObjectReference{Kind:\"pod\", APIVersion:\"\", Name:\"foo-pod\", UID:\"foo-uid\"}",
            Key("foo-sa", "foo-ns", ["foo1", "foo2"], 2000, new BoundObjectReference("pod", string.Empty, "foo-pod", "foo-uid")));
        Assert.Equal(
            "\"a\"/\"b\"/[]string(nil)/0/v1.BoundObjectReference{Kind:\"\", APIVersion:\"\", Name:\"\", UID:\"\"}",
            Key("a", "b", null, null, null));
    }
}
