using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// Everything the loopback server knows, behind one lock: the store, the open watches, the recorded requests
/// and the injected faults. Survives a stop and restart of the listener.
/// </summary>
internal sealed class ApiServerState
{
    private readonly Lock _gate = new();
    private readonly ObjectStore _store;
    private readonly List<WatchSession> _sessions = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<IReadOnlyList<WatchSession>, bool> Reached, TaskCompletionSource Done)> _watchWaiters = [];
    private readonly List<(Func<RecordedRequest, bool> Match, int Count, TaskCompletionSource Reached)> _requestWaiters = [];
    private int _failuresLeft;
    private int _failureCode;
    private WatchFaults _faults;

    public ApiServerState(int historyCapacity, TimeProvider time)
    {
        Time = time;
        _store = new ObjectStore(historyCapacity, time);
    }

    public TimeProvider Time { get; }

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _store.ResourceVersion;
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    public WatchFaults Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }
    }

    public void UpdateFaults(Func<WatchFaults, WatchFaults> change)
    {
        lock (_gate)
        {
            _faults = change(_faults);
        }
    }

    public void Record(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _requestWaiters.Where(w => _requests.Count(w.Match) >= w.Count).ToList())
            {
                _requestWaiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    public Task WaitForRequestsAsync(Func<RecordedRequest, bool> match, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_requests.Count(match) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _requestWaiters.Add((match, count, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    public void FailNext(int count, int statusCode)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failureCode = statusCode;
        }
    }

    /// <summary>The status code to fail this request with, if an injected failure is due.</summary>
    public int? TakeFailure()
    {
        lock (_gate)
        {
            if (_failuresLeft == 0)
            {
                return null;
            }

            _failuresLeft--;
            return _failureCode;
        }
    }

    public string Put(ApiResource resource, JsonObject json)
    {
        lock (_gate)
        {
            var stored = _store.Put(resource, json);
            Publish(stored);
            return Text(stored.ResourceVersion);
        }
    }

    public string? Delete(ApiResource resource, string @namespace, string name)
    {
        lock (_gate)
        {
            var stored = _store.Delete(resource, @namespace, name);
            if (stored is null)
            {
                return null;
            }

            Publish(stored);
            return Text(stored.ResourceVersion);
        }
    }

    /// <summary>A copy of a stored object, as a GET answers it.</summary>
    public JsonObject? Get(ApiResource resource, string @namespace, string name)
    {
        lock (_gate)
        {
            return _store.Get(resource, @namespace, name)?.DeepClone() as JsonObject;
        }
    }

    /// <summary>The list answer (<c>SecretList</c>), or the status the API server answers instead.</summary>
    public (int Code, JsonObject Body) List(ApiResource resource, string? @namespace, FieldFilter filter, string? resourceVersion)
    {
        lock (_gate)
        {
            if (ParseResourceVersion(resourceVersion) is not { } asked)
            {
                return (400, ApiStatus.BadRequest($"invalid resource version: \"{resourceVersion}\""));
            }

            // etcd3's answer to a list at a compacted revision (interpretListError); the store cannot go back in
            // time, so any other resourceVersion is answered with the current state, which is at least as new.
            if (asked > 0 && asked < _store.OldestWatchable)
            {
                return (410, ApiStatus.Expired("The resourceVersion for the provided list is too old."));
            }

            if (asked > _store.ResourceVersion)
            {
                return (504, ApiStatus.TooLargeResourceVersion(asked, _store.ResourceVersion));
            }

            var items = new JsonArray();
            foreach (var item in _store.List(resource, @namespace).Where(filter.Matches))
            {
                items.Add(ApiJson.AsListItem(item));
            }

            return (200, new JsonObject
            {
                ["kind"] = resource.ListKind,
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Text(_store.ResourceVersion) },
                ["items"] = items,
            });
        }
    }

    /// <summary>
    /// Starts a watch: from a resourceVersion, the events after it (or the 410 <c>ERROR</c> event when history no
    /// longer reaches back); from none or <c>0</c>, an <c>ADDED</c> event per existing object first.
    /// </summary>
    public WatchStart StartWatch(ApiResource resource, string? @namespace, FieldFilter filter, string? resourceVersion, bool bookmarks)
    {
        lock (_gate)
        {
            if (ParseResourceVersion(resourceVersion) is not { } asked)
            {
                return new WatchStart(null, null, ApiStatus.BadRequest($"invalid resource version: \"{resourceVersion}\""));
            }

            if (asked > 0 && asked < _store.OldestWatchable)
            {
                return new WatchStart(null, ApiStatus.Expired($"too old resource version: {asked} ({_store.OldestWatchable})"), null);
            }

            var session = new WatchSession(resource, @namespace, filter, bookmarks, Math.Max(asked, 0));
            if (asked == 0)
            {
                foreach (var item in _store.List(resource, @namespace).Where(filter.Matches))
                {
                    session.Send(ApiJson.Serialize(new JsonObject { ["type"] = "ADDED", ["object"] = item.DeepClone() }));
                }

                session.StartAfter(_store.ResourceVersion);
            }
            else
            {
                foreach (var stored in _store.EventsAfter(asked).Where(session.Wants))
                {
                    session.Send(stored.Line);
                }
            }

            _sessions.Add(session);
            NotifyWatchWaiters();
            return new WatchStart(session, null, null);
        }
    }

    /// <summary>Stops counting a session as open (it gets no more events); again is harmless.</summary>
    public void Close(WatchSession session)
    {
        lock (_gate)
        {
            if (_sessions.Remove(session))
            {
                NotifyWatchWaiters();
            }
        }
    }

    /// <summary>Closes a session that has ended and releases it.</summary>
    public void Unregister(WatchSession session)
    {
        Close(session);
        session.Dispose();
    }

    public void Compact()
    {
        lock (_gate)
        {
            _store.Compact();
        }
    }

    /// <summary>Sends a <c>BOOKMARK</c> at the current resourceVersion to every watch that allows bookmarks.</summary>
    public int SendBookmarks()
    {
        lock (_gate)
        {
            var sent = 0;
            foreach (var session in _sessions.Where(s => s.Bookmarks && s.After <= _store.ResourceVersion))
            {
                session.Send(ApiJson.Serialize(new JsonObject
                {
                    ["type"] = "BOOKMARK",
                    ["object"] = new JsonObject
                    {
                        ["kind"] = session.Resource.Kind,
                        ["apiVersion"] = "v1",
                        ["metadata"] = new JsonObject { ["resourceVersion"] = Text(_store.ResourceVersion), ["creationTimestamp"] = null },
                    },
                }));
                sent++;
            }

            return sent;
        }
    }

    /// <summary>Ends every open watch (cleanly, or by breaking its connection); none counts as open afterwards.</summary>
    public int EndWatches(bool abort)
    {
        lock (_gate)
        {
            var ended = _sessions.Count;
            foreach (var session in _sessions)
            {
                session.End(abort);
            }

            _sessions.Clear();
            NotifyWatchWaiters();
            return ended;
        }
    }

    /// <summary>Completes once the open watches are as <paramref name="reached"/> wants, checked as each opens or ends.</summary>
    public Task WaitForWatchesAsync(Func<IReadOnlyList<WatchSession>, bool> reached, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (reached(_sessions))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchWaiters.Add((reached, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private static string Text(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);


    /// <summary>0 for none or <c>0</c> (any), the number otherwise, <see langword="null"/> when it is not one.</summary>
    private static long? ParseResourceVersion(string? text) =>
        string.IsNullOrEmpty(text) ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : null;

    private void NotifyWatchWaiters()
    {
        foreach (var waiter in _watchWaiters.Where(w => w.Reached(_sessions)).ToList())
        {
            _watchWaiters.Remove(waiter);
            waiter.Done.TrySetResult();
        }
    }

    private void Publish(StoredEvent stored)
    {
        foreach (var session in _sessions.Where(s => s.Wants(stored)))
        {
            session.Send(stored.Line);
        }
    }
}
