using System.Collections.Concurrent;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>
/// The kubelet token manager's cache (<c>GetServiceAccountToken</c>): a cached token is served until it needs
/// renewing; a failed renewal keeps serving it until it expires.
/// </summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, ServiceAccountToken> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>Creates a cache.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="random">The randomness of the renewal jitter.</param>
    public TokenCache(TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _time = time;
        _random = random;
    }

    /// <summary>How many tokens are cached.</summary>
    public int Count => _tokens.Count;

    /// <summary>
    /// The token for a request: the cached one while it needs no renewal, else a new one from
    /// <paramref name="request"/>; when that fails, the cached one while it has not expired.
    /// </summary>
    /// <param name="name">The ServiceAccount's name.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="spec">The request.</param>
    /// <param name="request">Asks the API server for a token (TokenRequest).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token, or the kubelet's error.</returns>
    public async ValueTask<TokenResult> GetAsync(
        string name, string @namespace, TokenRequestSpec spec,
        Func<TokenRequestSpec, CancellationToken, ValueTask<TokenResult>> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TokenRefresh.CacheKey(name, @namespace, spec);
        var cached = _tokens.GetValueOrDefault(key);
        if (cached is not null && !TokenRefresh.RequiresRefresh(cached, _time.GetUtcNow(), TokenRefresh.Jitter(_random)))
        {
            return TokenResult.Issued(cached);
        }

        var fresh = await request(spec, cancellationToken).ConfigureAwait(false);
        if (fresh.Token is { } token)
        {
            _tokens[key] = token;
            return fresh;
        }

        if (cached is null)
        {
            return TokenResult.Failed("failed to fetch token: " + fresh.Error);
        }

        return TokenRefresh.Expired(cached, _time.GetUtcNow())
            ? TokenResult.Failed($"token {key} expired and refresh failed: {fresh.Error}")
            : TokenResult.Issued(cached, renewalError: fresh.Error);
    }

    /// <summary><c>DeleteServiceAccountToken</c>: forgets the tokens bound to a pod, when the pod is gone.</summary>
    /// <param name="podUid">The pod's uid.</param>
    public void DeleteForPod(string podUid)
    {
        foreach (var (key, token) in _tokens)
        {
            if (token.Spec.BoundObjectRef?.Uid == podUid)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    /// <summary><c>cleanup</c>: forgets expired tokens (the kubelet does this every minute).</summary>
    public void RemoveExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, token) in _tokens)
        {
            if (TokenRefresh.Expired(token, now))
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Whether a token is cached under a key.</summary>
    /// <param name="key">The key (<see cref="TokenRefresh.CacheKey"/>).</param>
    /// <returns>Whether it is.</returns>
    public bool Contains(string key) => _tokens.ContainsKey(key);

    /// <summary>Caches a token under a key, as upstream's tests seed the cache.</summary>
    /// <param name="key">The key.</param>
    /// <param name="token">The token.</param>
    internal void Set(string key, ServiceAccountToken token) => _tokens[key] = token;
}
