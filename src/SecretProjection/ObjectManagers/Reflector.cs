using Microsoft.Extensions.Logging;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// client-go's <c>Reflector.ListAndWatch</c> under <c>wait.BackoffUntil</c>, for any store: the watch-based
/// manager's single objects (<see cref="WatchedObject{T}"/>) and the node agent's pods of a node.
/// </summary>
/// <remarks>
/// The loop: list and replace the store with the answer; watch from the list's resourceVersion, applying each
/// event and remembering its resourceVersion (bookmarks included). A stream that simply ends is watched again at
/// once from the last resourceVersion; a stream that ends within a second without any event is an error. An
/// expired resourceVersion (410) or another failure ends the cycle: after a backoff wait the store is listed
/// again. A watch that cannot start because the source is unreachable, or that is throttled (429), is retried
/// after a backoff wait without a list. A list answered with 410 is retried at once.
/// </remarks>
/// <typeparam name="TList">What a list answers.</typeparam>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class Reflector<TList, T>
    where T : class
{
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private readonly IReflectorTarget<TList, T> _target;
    private readonly ReflectorSettings _settings;
    private ReflectorBackoff? _backoff;

    public Reflector(IReflectorTarget<TList, T> target, ReflectorSettings settings)
    {
        _target = target;
        _settings = settings;
    }

    /// <summary>Lists and watches until <paramref name="stop"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var relist = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListAndWatchAsync(relist, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The reflector never dies: whatever the source throws, it backs off and lists again.
                ObjectManagerLog.ListAndWatchFailed(_settings.Logger, _settings.Kind, _target.Namespace, _target.Name, e.Message);
            }

            relist = true;
            var delay = Backoff.Next();
            ObjectManagerLog.Relisting(_settings.Logger, _settings.Kind, _target.Namespace, _target.Name, delay);
            if (!await DelayAsync(delay, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>The backoff, made at the first failure: most reflectors never fail, and a synced store of thousands keeps none.</summary>
    private ReflectorBackoff Backoff
    {
        get
        {
            var options = _settings.Options;
            return _backoff ??= new ReflectorBackoff(options.BackoffInitial, options.BackoffMax, options.BackoffReset, _settings.Time, _settings.Jitter);
        }
    }

    private async Task ListAndWatchAsync(bool relist, CancellationToken stop)
    {
        var metrics = _settings.Metrics;
        if (relist)
        {
            metrics.Relist("retry");
        }

        TList list;
        try
        {
            metrics.Fetch("list");
            list = await _target.ListAsync(stop).ConfigureAwait(false);
        }
        catch (ObjectSourceException e) when (e.IsExpired)
        {
            // client-go relists at once, from the newest version, when the one it asked for is gone.
            metrics.Relist("expired");
            metrics.Fetch("list");
            list = await _target.ListAsync(stop).ConfigureAwait(false);
        }

        _target.Replace(list);
        var resourceVersion = _target.ResourceVersionOf(list);
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var started = _settings.Time.GetTimestamp();
            var events = 0;
            ObjectSourceException? failure = null;
            try
            {
                await foreach (var change in _target.WatchAsync(resourceVersion, stop).WithCancellation(stop).ConfigureAwait(false))
                {
                    events++;
                    if (change.Type == WatchEventType.Error)
                    {
                        failure = new ObjectSourceException(change.Status ?? new SourceStatus(500, "InternalError", "watch error without a status"), null);
                        break;
                    }

                    _target.Apply(change);
                    if (!string.IsNullOrEmpty(change.ResourceVersion))
                    {
                        resourceVersion = change.ResourceVersion;
                    }
                }
            }
            catch (ObjectSourceException e)
            {
                failure = e;
            }

            if (failure is null || (failure.Status is null && events > 0))
            {
                // The server closed the stream (or it broke after events, which Go's decoder sees as an end).
                if (events == 0 && _settings.Time.GetElapsedTime(started) < ShortWatch)
                {
                    throw new ObjectSourceException("very short watch: unexpected watch close - watch lasted less than a second and no items received");
                }

                metrics.WatchRestart("closed");
                continue;
            }

            if ((failure.Status is null && events == 0) || failure.Status?.Code == 429)
            {
                // Unreachable or throttled: watch again from where it was, after a backoff wait.
                var delay = Backoff.Next();
                ObjectManagerLog.WatchBackingOff(_settings.Logger, _settings.Kind, _target.Namespace, _target.Name, failure.Message, delay);
                if (!await DelayAsync(delay, stop).ConfigureAwait(false))
                {
                    return;
                }

                metrics.WatchRestart("backoff");
                continue;
            }

            if (failure.IsExpired)
            {
                ObjectManagerLog.WatchExpired(_settings.Logger, _settings.Kind, _target.Namespace, _target.Name, failure.Message);
            }
            else
            {
                ObjectManagerLog.WatchFailed(_settings.Logger, _settings.Kind, _target.Namespace, _target.Name, failure.Message);
            }

            return;
        }
    }

    private async ValueTask<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _settings.Time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
