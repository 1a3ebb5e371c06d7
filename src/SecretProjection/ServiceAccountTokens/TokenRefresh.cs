using System.Globalization;
using System.Text;
using SecretProjection.Text;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>
/// The kubelet token manager's rules (<c>pkg/kubelet/token/token_manager.go</c>): when a cached token is renewed,
/// when it has expired, and the cache key of a request.
/// </summary>
internal static class TokenRefresh
{
    /// <summary>A token older than this is renewed whatever its lifetime: 24 hours.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    /// <summary>The largest random margin taken off both renewal times: 10 seconds.</summary>
    public static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The jitter of one check: <c>time.Duration(rand.Float64()*maxJitter.Seconds()) * time.Second</c>, whole seconds
    /// from 0 to 9.
    /// </summary>
    /// <param name="random">The randomness.</param>
    /// <returns>The jitter.</returns>
    public static TimeSpan Jitter(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return TimeSpan.FromSeconds((long)(random.NextDouble() * MaxJitter.TotalSeconds));
    }

    /// <summary>
    /// <c>requiresRefresh</c>: renew when the token is older than 24 hours, or within 20 % of its lifetime of
    /// expiring, each less the jitter; never when the request named no lifetime.
    /// </summary>
    /// <param name="token">The cached token.</param>
    /// <param name="now">The time now.</param>
    /// <param name="jitter">The jitter (<see cref="Jitter"/>).</param>
    /// <returns>Whether to request a new token.</returns>
    public static bool RequiresRefresh(ServiceAccountToken token, DateTimeOffset now, TimeSpan jitter) =>
        RefreshDue(token) is { } due && now > due - jitter;

    /// <summary>
    /// The time after which a token is renewed whatever the jitter: the earlier of 24 hours after it was issued and
    /// 80 % of its lifetime (20 % in whole seconds before its expiry, as upstream's integer arithmetic);
    /// <see langword="null"/> when the request named no lifetime.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>The time, or <see langword="null"/>.</returns>
    public static DateTimeOffset? RefreshDue(ServiceAccountToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Spec.ExpirationSeconds is not { } seconds)
        {
            return null;
        }

        var expiry = token.ExpirationTimestamp;
        var byAge = expiry - TimeSpan.FromSeconds(seconds) + MaxTtl;
        var byLifetime = expiry - TimeSpan.FromSeconds(seconds * 20 / 100);
        return byAge < byLifetime ? byAge : byLifetime;
    }

    /// <summary><c>expired</c>: the time is past the token's expiry.</summary>
    /// <param name="token">The token.</param>
    /// <param name="now">The time now.</param>
    /// <returns>Whether it has expired.</returns>
    public static bool Expired(ServiceAccountToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return now > token.ExpirationTimestamp;
    }

    /// <summary>
    /// <c>keyFunc</c>: <c>"name"/"namespace"/audiences/lifetime/bound object</c> in Go's <c>%q</c> and <c>%#v</c>
    /// forms. It holds no secret and is safe to log.
    /// </summary>
    /// <param name="name">The ServiceAccount's name.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="spec">The request.</param>
    /// <returns>The key.</returns>
    public static string CacheKey(string name, string @namespace, TokenRequestSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var builder = new StringBuilder()
            .Append(GoQuote.Quote(name)).Append('/')
            .Append(GoQuote.Quote(@namespace)).Append('/');
        if (spec.Audiences is null)
        {
            builder.Append("[]string(nil)");
        }
        else
        {
            builder.Append("[]string{").AppendJoin(", ", spec.Audiences.Select(GoQuote.Quote)).Append('}');
        }

        var reference = spec.BoundObjectRef ?? new BoundObjectReference(string.Empty, string.Empty, string.Empty, string.Empty);
        return builder.Append('/')
            .Append((spec.ExpirationSeconds ?? 0).ToString(CultureInfo.InvariantCulture)).Append('/')
            .Append("v1.BoundObjectReference{Kind:").Append(GoQuote.Quote(reference.Kind))
            .Append(", APIVersion:").Append(GoQuote.Quote(reference.ApiVersion))
            .Append(", Name:").Append(GoQuote.Quote(reference.Name))
            .Append(", UID:").Append(GoQuote.Quote(reference.Uid)).Append('}')
            .ToString();
    }
}
