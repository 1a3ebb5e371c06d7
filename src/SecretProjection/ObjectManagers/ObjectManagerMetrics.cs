using System.Diagnostics.Metrics;
using SecretProjection.Diagnostics;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// The managers' instruments, tagged with the object kind (<c>secret</c>, <c>configmap</c>) and strategy:
/// <c>secretprojection.object.fetches</c> (calls to the source: <c>call</c> = get or list),
/// <c>secretprojection.object.cache_hits</c> (reads served without a call),
/// <c>secretprojection.watch.restarts</c> (a watch opened again from the last resourceVersion, by <c>reason</c>),
/// <c>secretprojection.watch.relists</c> (a list after the first, by <c>reason</c>) and
/// <c>secretprojection.watch.active</c> (watch loops running).
/// </summary>
internal sealed class ObjectManagerMetrics
{
    private readonly Counter<long> _fetches;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _relists;
    private readonly UpDownCounter<long> _activeWatches;
    private readonly KeyValuePair<string, object?> _kind;
    private readonly KeyValuePair<string, object?> _strategy;

    public ObjectManagerMetrics(IMeterFactory? meterFactory, string resource, ChangeDetectionStrategy strategy)
    {
        var meter = SecretProjectionMeter.Get(meterFactory);
        _fetches = meter.CreateCounter<long>("secretprojection.object.fetches", "{call}", "Calls to the object source (get or list).");
        _cacheHits = meter.CreateCounter<long>("secretprojection.object.cache_hits", "{read}", "Reads served from the cache without a call to the source.");
        _watchRestarts = meter.CreateCounter<long>("secretprojection.watch.restarts", "{watch}", "Watches opened again from the last resourceVersion.");
        _relists = meter.CreateCounter<long>("secretprojection.watch.relists", "{list}", "Lists after the first of a watched object.");
        _activeWatches = meter.CreateUpDownCounter<long>("secretprojection.watch.active", "{watch}", "Watch loops running.");
        _kind = KeyValuePair.Create("kind", (object?)resource);
        _strategy = KeyValuePair.Create("strategy", (object?)strategy.ToString().ToLowerInvariant());
    }

    public void Fetch(string call) => _fetches.Add(1, _kind, _strategy, KeyValuePair.Create("call", (object?)call));

    public void CacheHit() => _cacheHits.Add(1, _kind, _strategy);

    public void WatchRestart(string reason) => _watchRestarts.Add(1, _kind, KeyValuePair.Create("reason", (object?)reason));

    public void Relist(string reason) => _relists.Add(1, _kind, KeyValuePair.Create("reason", (object?)reason));

    public void WatchStarted() => _activeWatches.Add(1, _kind);

    public void WatchStopped() => _activeWatches.Add(-1, _kind);

}
