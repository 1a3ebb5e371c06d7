using Microsoft.Extensions.Logging;
using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>
/// What one pod's sync reads from the API server beyond its Secrets and ConfigMaps, before each pass: the tokens of
/// the <c>serviceAccountToken</c> sources of the volumes it projects (through the kubelet token manager's cache), the
/// pod's Node when a Downward API item or an env var reads a resource, and the ClusterTrustBundles when a source selects them.
/// Without a token source or a cluster source, those volumes need a cluster, as offline.
/// </summary>
/// <remarks>
/// It also says when a token is due for renewal (<see cref="NextRefresh"/>), so that the sync writes the new token
/// then rather than at the next periodic sync. One pass at a time: the sync's loop calls it.
/// </remarks>
internal sealed class ClusterReader
{
    /// <summary>How long after a token's renewal time the sync wakes: the timer's resolution, so the renewal is certain then.</summary>
    private static readonly TimeSpan AfterDue = TimeSpan.FromMilliseconds(1);

    private readonly Pod _pod;
    private readonly IServiceAccountTokenSource? _tokens;
    private readonly IClusterObjectSource? _cluster;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private TokenCache? _cache;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ServiceAccountTokenProjection[]> _tokenSources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _refreshDue = new(StringComparer.Ordinal);
    private readonly bool _readsNode;
    private readonly bool _readsTrustBundles;

    public ClusterReader(Pod pod, IServiceAccountTokenSource? tokens, IClusterObjectSource? cluster, TimeProvider time, Random random, ILogger logger)
    {
        _pod = pod;
        _tokens = tokens;
        _cluster = cluster;
        _time = time;
        _logger = logger;
        _random = random;
        foreach (var volume in pod.Volumes)
        {
            var sources = volume.Projected?.Sources ?? [];
            if (sources.Select(s => s.ServiceAccountToken).OfType<ServiceAccountTokenProjection>().ToArray() is { Length: > 0 } projections)
            {
                _tokenSources[volume.Name] = projections;
            }

            var downward = sources.Select(s => s.DownwardApi).Append(volume.DownwardApi).OfType<DownwardApiVolumeSource>();
            _readsNode |= downward.Any(d => d.Items.Any(i => i.ResourceFieldRef is not null));
            _readsTrustBundles |= sources.Any(s => s.ClusterTrustBundle is not null);
        }

        // An env resourceFieldRef to an unset limit reads the node's allocatable too (the drift report resolves env).
        _readsNode |= pod.AllContainers().Any(c => c.Container.Env.Any(e => e.ValueFrom?.ResourceFieldRef is not null));
    }

    /// <summary>When the earliest token of a projected volume is due for renewal; <see langword="null"/> when none is.</summary>
    public DateTimeOffset? NextRefresh => _refreshDue.Count == 0 ? null : _refreshDue.Values.Min() + AfterDue;

    /// <summary>Removes and returns the volumes whose tokens are due for renewal at <paramref name="now"/>.</summary>
    public IReadOnlySet<string> TakeDue(DateTimeOffset now)
    {
        var due = _refreshDue.Where(d => d.Value + AfterDue <= now).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in due)
        {
            _refreshDue.Remove(volume);
        }

        return due;
    }

    /// <summary>
    /// The lookup to plan <paramref name="volumes"/> with: <paramref name="objects"/>, and what the cluster says
    /// that they need. Only the tokens of those volumes are asked for (a renewal is written with its volume).
    /// </summary>
    public async Task<IObjectLookup> ReadAsync(IObjectLookup objects, IEnumerable<string> volumes, CancellationToken cancellationToken)
    {
        if (_tokens is null && _cluster is null)
        {
            return objects;
        }

        var tokens = _tokens is null ? null : await ReadTokensAsync(volumes, cancellationToken).ConfigureAwait(false);
        var node = _readsNode ? await ReadNodeAsync(cancellationToken).ConfigureAwait(false) : null;
        var bundles = _readsTrustBundles ? await ReadTrustBundlesAsync(cancellationToken).ConfigureAwait(false) : null;
        return new ClusterSnapshot(objects, node?.Value, bundles?.Value)
        {
            ServiceAccountTokens = tokens,
            NodeFailure = node is { Status: LookupStatus.NotFound } ? $"nodes \"{_pod.NodeName}\" not found" : node?.Failure,
            ClusterTrustBundlesFailure = bundles is { Status: LookupStatus.NotFound } ? "the server could not find the requested resource" : bundles?.Failure,
        };
    }

    private async Task<Dictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>>> ReadTokensAsync(IEnumerable<string> volumes, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ServiceAccountTokenProjection, LookupResult<ServiceAccountToken>>();
        foreach (var volume in volumes)
        {
            if (!_tokenSources.TryGetValue(volume, out var projections))
            {
                continue;
            }

            DateTimeOffset? due = null;
            foreach (var projection in projections)
            {
                var spec = TokenRequestSpec.For(projection, _pod);
                // Made with the first token: most pods ask for none, and an empty cache costs about 400 bytes.
                _cache ??= new TokenCache(_time, _random);
                var result = await _cache.GetAsync(_pod.ServiceAccountName, _pod.Namespace, spec, RequestAsync, cancellationToken).ConfigureAwait(false);
                if (result.Token is not { } token)
                {
                    results[projection] = LookupResult<ServiceAccountToken>.Failed(result.Error!);
                    continue;
                }

                if (result.RenewalError is { } renewal)
                {
                    SyncingLog.TokenRenewalFailed(_logger, _pod.QualifiedName, volume, projection.Path, renewal);
                }

                results[projection] = LookupResult<ServiceAccountToken>.Found(token);
                if (TokenRefresh.RefreshDue(token) is { } refresh && (due is null || refresh < due))
                {
                    due = refresh;
                }
            }

            // A token served past its renewal time (the renewal failed) is tried again with the volume's retries and the periodic sync.
            if (due is { } next && next + AfterDue > _time.GetUtcNow())
            {
                _refreshDue[volume] = next;
            }
            else
            {
                _refreshDue.Remove(volume);
            }
        }

        return results;
    }

    private async ValueTask<TokenResult> RequestAsync(TokenRequestSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            return TokenResult.Issued(await _tokens!.RequestAsync(_pod.Namespace, _pod.ServiceAccountName, spec, cancellationToken).ConfigureAwait(false));
        }
        catch (ObjectSourceException e)
        {
            return TokenResult.Failed(e.Message);
        }
    }

    /// <summary>The pod's Node: found, not found, or failed with the server's words; <see langword="null"/> when it cannot be asked for.</summary>
    private async Task<LookupResult<Node>?> ReadNodeAsync(CancellationToken cancellationToken)
    {
        if (_cluster is null || _pod.NodeName.Length == 0)
        {
            return null;
        }

        var result = await _cluster.GetNodeAsync(_pod.NodeName, cancellationToken).ConfigureAwait(false);
        if (result.Status == LookupStatus.Failed)
        {
            SyncingLog.ClusterReadFailed(_logger, _pod.QualifiedName, "node " + _pod.NodeName, result.Failure);
        }

        return result;
    }

    private async Task<LookupResult<IReadOnlyList<ClusterTrustBundle>>?> ReadTrustBundlesAsync(CancellationToken cancellationToken)
    {
        if (_cluster is null)
        {
            return null;
        }

        var result = await _cluster.ListClusterTrustBundlesAsync(cancellationToken).ConfigureAwait(false);
        if (result.Status == LookupStatus.Failed)
        {
            SyncingLog.ClusterReadFailed(_logger, _pod.QualifiedName, "clustertrustbundles", result.Failure);
        }

        return result;
    }
}
