using Microsoft.Extensions.Time.Testing;
using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Tests.ServiceAccountTokens;

public class TokenCacheTests
{
    // Upstream's fake clocks start 30 days after Go's zero time.
    private static readonly DateTimeOffset Epoch = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(30);

    // Upstream's getTokenRequest.
    private static TokenRequestSpec Request() =>
        new(["foo1", "foo2"], 2000, new BoundObjectReference("pod", string.Empty, "foo-pod", "foo-uid"));

    private sealed class FakeTokenGetter(ServiceAccountToken? token, string? error = null)
    {
        public int Count { get; private set; }

        public ValueTask<TokenResult> GetToken(TokenRequestSpec spec, CancellationToken cancellationToken)
        {
            Count++;
            return ValueTask.FromResult(token is null ? TokenResult.Failed(error!) : TokenResult.Issued(token));
        }
    }

    private static (FakeTimeProvider Clock, TokenCache Cache, FakeTokenGetter Getter) Suite(TimeSpan lifetime)
    {
        var clock = new FakeTimeProvider(Epoch);
        var token = new ServiceAccountToken(new TokenRequestSpec(null, (long)lifetime.TotalSeconds, null), "foo", Epoch + lifetime);
        return (clock, new TokenCache(clock, new Random(1)), new FakeTokenGetter(token));
    }

    // Ported from TestTokenCachingAndExpiration: the first call fetches, the second is served from the cache.
    private static async Task<(FakeTimeProvider, TokenCache, FakeTokenGetter)> Primed(TimeSpan lifetime)
    {
        var (clock, cache, getter) = Suite(lifetime);
        Assert.NotNull((await cache.GetAsync("a", "b", Request(), getter.GetToken)).Token);
        Assert.Equal(1, getter.Count);
        Assert.NotNull((await cache.GetAsync("a", "b", Request(), getter.GetToken)).Token);
        Assert.Equal(1, getter.Count);
        return (clock, cache, getter);
    }

    [Fact]
    public async Task TestTokenCachingAndExpiration_rotate_hour_token_expires_in_the_last_12_minutes()
    {
        var (clock, cache, getter) = await Primed(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.NotNull((await cache.GetAsync("a", "b", Request(), getter.GetToken)).Token);
        Assert.Equal(2, getter.Count);
    }

    [Fact]
    public async Task TestTokenCachingAndExpiration_rotate_24_hour_token_that_expires_in_40_hours()
    {
        var (clock, cache, getter) = await Primed(TimeSpan.FromHours(40));
        clock.Advance(TimeSpan.FromHours(25));
        Assert.NotNull((await cache.GetAsync("a", "b", Request(), getter.GetToken)).Token);
        Assert.Equal(2, getter.Count);
    }

    [Fact]
    public async Task TestTokenCachingAndExpiration_rotate_hour_token_fails_old_token_is_still_valid_doesnt_error()
    {
        var (clock, cache, _) = await Primed(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(50));
        var failing = new FakeTokenGetter(null, "err");
        var result = await cache.GetAsync("a", "b", Request(), failing.GetToken);
        Assert.Equal("foo", result.Token?.Token);
        Assert.Equal("err", result.RenewalError);
    }

    [Fact]
    public async Task An_expired_token_that_cannot_be_renewed_is_an_error_naming_its_key()
    {
        var (clock, cache, _) = await Primed(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(61));
        var result = await cache.GetAsync("a", "b", Request(), new FakeTokenGetter(null, "err").GetToken);
        Assert.Null(result.Token);
        Assert.Equal($"token {TokenRefresh.CacheKey("a", "b", Request())} expired and refresh failed: err", result.Error);
        Assert.Equal("failed to fetch token: err", (await new TokenCache(clock, new Random(1)).GetAsync("a", "b", Request(), new FakeTokenGetter(null, "err").GetToken)).Error);
    }

    // Ported from TestDeleteServiceAccountToken: requests 0-4 (3 fails, 4 is 3 again and succeeds), then pods deleted.
    [Theory]
    [InlineData(new[] { 0, 1, 2 }, new string[0], new[] { 0, 1, 2 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { "fake-uid-1" }, new[] { 1, 2 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { "fake-uid-1", "fake-uid-3" }, new[] { 1 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { "fake-uid-1", "fake-uid-2", "fake-uid-3" }, new int[0])]
    [InlineData(new[] { 0, 1, 2, 3 }, new string[0], new[] { 0, 1, 2 })]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { "fake-uid-2" }, new[] { 0, 2 })]
    [InlineData(new[] { 0, 1, 2, 3, 4 }, new string[0], new[] { 0, 1, 2, 4 })]
    [InlineData(new[] { 0, 1, 2, 3, 4 }, new[] { "fake-uid-4" }, new[] { 0, 1, 2 })]
    [InlineData(new[] { 0, 1, 2, 3, 4 }, new[] { "fake-uid-1" }, new[] { 1, 2, 4 })]
    [InlineData(new[] { 0, 1, 2 }, new[] { "fake-uid-100", "fake-uid-200" }, new[] { 0, 1, 2 })]
    public async Task TestDeleteServiceAccountToken(int[] requestIndex, string[] deletePodUid, int[] expectedLeft)
    {
        (string Name, string Namespace, TokenRequestSpec Spec, bool ShouldFail) Request(int n, bool fail) =>
            ($"fake-name-{n}", $"fake-namespace-{n}", new TokenRequestSpec(null, null, new BoundObjectReference(string.Empty, string.Empty, $"fake-name-{n}", $"fake-uid-{n}")), fail);
        var requests = new[] { Request(1, false), Request(2, false), Request(3, false), Request(4, true), Request(4, false) };

        var clock = new FakeTimeProvider(Epoch);
        var cache = new TokenCache(clock, new Random(1));
        foreach (var index in requestIndex)
        {
            var request = requests[index];
            await cache.GetAsync(request.Name, request.Namespace, request.Spec, (spec, _) => ValueTask.FromResult(
                request.ShouldFail ? TokenResult.Failed("fail tr") : TokenResult.Issued(new ServiceAccountToken(spec, string.Empty, clock.GetUtcNow().AddHours(10)))));
        }

        foreach (var uid in deletePodUid)
        {
            cache.DeleteForPod(uid);
        }

        Assert.Equal(expectedLeft.Length, cache.Count);
        Assert.All(expectedLeft, i => Assert.True(cache.Contains(TokenRefresh.CacheKey(requests[i].Name, requests[i].Namespace, requests[i].Spec))));
    }

    // Ported from TestCleanup.
    [Theory]
    [InlineData(-1, 0)]
    [InlineData(1, 1)]
    public void TestCleanup(int relativeExpiryHours, int expectedCount)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var cache = new TokenCache(clock, new Random(1));
        cache.Set("key", new ServiceAccountToken(new TokenRequestSpec(null, null, null), string.Empty, clock.GetUtcNow().AddHours(relativeExpiryHours)));
        cache.RemoveExpired();
        Assert.Equal(expectedCount, cache.Count);
    }

    [Fact]
    public void A_token_never_shows_in_its_text()
    {
        var token = new ServiceAccountToken(Request(), "eyJhbGciOi.secret", Epoch);
        Assert.DoesNotContain("secret", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", token.ToString(), StringComparison.Ordinal);
    }
}
