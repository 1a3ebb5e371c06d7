using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SecretProjection.Sources;
using ClientEventType = k8s.WatchEventType;
using WatchEventType = SecretProjection.Sources.WatchEventType;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// <see cref="IObjectSource{T}"/> over KubernetesClient for one kind: GET, list by name, and watch by name with
/// bookmarks. The list → watch → relist loop is the caller's (the client has no reflector); this gives it the
/// server's events as they come and typed failures.
/// </summary>
/// <remarks>
/// <para>
/// A watch ends (the sequence completes) when the server closes the stream at an event boundary, which it does
/// after <c>timeoutSeconds</c> (5 to 10 minutes, chosen at random per watch as client-go's reflector does) or
/// when it restarts; the caller watches again from the last resourceVersion. A watch answered with an
/// <c>ERROR</c> event (410 <c>Expired</c> for a too-old resourceVersion) yields that one
/// <see cref="WatchEventType.Error"/> event and ends, as the server ends the stream after it.
/// </para>
/// <para>
/// A stream that breaks (the connection drops, or half an event arrives) throws <see cref="ObjectSourceException"/>
/// without a status: the events before the break were delivered whole, so the last resourceVersion is still a
/// good place to resume. A watch refused with an HTTP error throws it with the server's status
/// (<see cref="ObjectSourceException.IsExpired"/> for 410).
/// </para>
/// </remarks>
internal sealed class KubernetesObjectSource<TClient, TModel>(ObjectApi<TClient, TModel> api, Random random) : IObjectSource<TModel>
    where TClient : class, IKubernetesObject<V1ObjectMeta>
    where TModel : class
{
    private const int MinWatchTimeoutSeconds = 300; // client-go's reflector: minWatchTimeout = 5 * time.Minute

    public Task<LookupResult<TModel>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ObjectReader.ReadAsync(ct => api.Read(@namespace, name, ct), api.ToModel, api.Resource, name, cancellationToken);
    }

    public async Task<ObjectList<TModel>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var (items, resourceVersion) = await ListSelectedAsync(@namespace, Selector(name), cancellationToken).ConfigureAwait(false);
        var item = items.FirstOrDefault(i => i?.Metadata?.Name == name);
        return new ObjectList<TModel>(item is null ? null : api.ToModel(item), resourceVersion);
    }

    public IAsyncEnumerable<WatchEvent<TModel>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(resourceVersion);
        return WatchSelectedAsync(@namespace, Selector(name), resourceVersion, cancellationToken);
    }

    /// <summary>Lists what a field selector selects (the namespace is the API's to ignore for a list across namespaces).</summary>
    /// <returns>The client's items and the list's resourceVersion.</returns>
    /// <exception cref="ObjectSourceException">The list failed, or its answer has no resourceVersion.</exception>
    public async Task<(IList<TClient> Items, string ResourceVersion)> ListSelectedAsync(string @namespace, string selector, CancellationToken cancellationToken)
    {
        (IList<TClient>? Items, string? ResourceVersion) list;
        try
        {
            list = await api.List(@namespace, selector, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new ObjectSourceException(ApiFailure.FromResponse(e, api.Resource, null), e);
        }
        catch (HttpRequestException e)
        {
            throw new ObjectSourceException(ApiFailure.Transport("list", api.Resource, e), e);
        }
        catch (JsonException e)
        {
            throw new ObjectSourceException(ApiFailure.Unreadable("list", api.Resource, e));
        }
        catch (OperationCanceledException e) when (ApiFailure.IsClientTimeout(e, cancellationToken))
        {
            throw new ObjectSourceException($"list {api.Resource}: no answer in time", e);
        }

        if (string.IsNullOrEmpty(list.ResourceVersion))
        {
            throw new ObjectSourceException($"list {api.Resource}: the answer has no resourceVersion");
        }

        return (list.Items ?? [], list.ResourceVersion);
    }

    /// <summary>Maps a client object to the model.</summary>
    public TModel ToModel(TClient item) => api.ToModel(item);

    /// <summary>Watches what a field selector selects from <paramref name="resourceVersion"/>, with bookmarks.</summary>
    public async IAsyncEnumerable<WatchEvent<TModel>> WatchSelectedAsync(
        string @namespace,
        string selector,
        string resourceVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int timeout;
        lock (random)
        {
            // A Random other than Random.Shared is not thread-safe, and watches start on many threads.
            timeout = MinWatchTimeoutSeconds + random.Next(MinWatchTimeoutSeconds);
        }

        var events = api.Watch(@namespace, selector, resourceVersion, timeout, ThrowFromClient, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                (ClientEventType Type, TClient Object) current = default;
                SourceStatus? failure = null;
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    current = events.Current;
                }
                catch (WatchStatusException e)
                {
                    failure = e.Status;
                }
                catch (Exception e) when (IsEmptyStream(e))
                {
                    // Closed before its first event: KubernetesClient's own watch reads the first line before it returns.
                    yield break;
                }
                catch (HttpOperationException e)
                {
                    throw new ObjectSourceException(ApiFailure.FromResponse(e, api.Resource, null), e);
                }
                catch (WatchLineException e)
                {
                    throw new ObjectSourceException($"watch {api.Resource}: the stream broke in the middle of an event", e);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    throw new ObjectSourceException(ApiFailure.Transport("watch", api.Resource, e), e);
                }
                catch (JsonException e)
                {
                    // KubernetesClient's own watch reads the first line as the list type before the enumeration starts.
                    throw new ObjectSourceException(ApiFailure.Unreadable("watch", api.Resource, e));
                }

                if (failure is not null)
                {
                    yield return new WatchEvent<TModel>(WatchEventType.Error, null, null, failure);
                    yield break;
                }

                yield return ToEvent(current.Type, current.Object);
            }
        }
    }

    private static string Selector(string name) => "metadata.name=" + name;

    /// <summary>
    /// KubernetesClient hands an <c>ERROR</c> event's status, and a line it cannot read, to this callback and
    /// then goes on reading; thrown from here, both end its enumeration where they happened.
    /// </summary>
    private static void ThrowFromClient(Exception failure) => throw failure switch
    {
        WatchStatusException or WatchLineException => failure,
        KubernetesException { Status: { } status } => new WatchStatusException(ApiFailure.FromStatus(status)),
        // A JsonException's message may quote the text it stopped at, which may be a value: keep only where.
        JsonException json => new WatchLineException($"unreadable watch event (path {json.Path ?? "$"}, byte {json.BytePositionInLine})"),
        _ => new WatchLineException("unreadable watch event (" + failure.GetType().Name + ")"),
    };

    private static bool IsEmptyStream(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is EndOfStreamException)
            {
                return true;
            }
        }

        return false;
    }

    private WatchEvent<TModel> ToEvent(ClientEventType type, TClient? item)
    {
        if (type == ClientEventType.Error)
        {
            throw new ObjectSourceException($"watch {api.Resource}: an ERROR event without a Status");
        }

        var resourceVersion = item?.Metadata?.ResourceVersion;
        if (string.IsNullOrEmpty(resourceVersion))
        {
            throw new ObjectSourceException($"watch {api.Resource}: an event without a resourceVersion");
        }

        return type switch
        {
            ClientEventType.Added => new WatchEvent<TModel>(WatchEventType.Added, api.ToModel(item!), resourceVersion),
            ClientEventType.Modified => new WatchEvent<TModel>(WatchEventType.Modified, api.ToModel(item!), resourceVersion),
            ClientEventType.Deleted => new WatchEvent<TModel>(WatchEventType.Deleted, api.ToModel(item!), resourceVersion),
            _ => new WatchEvent<TModel>(WatchEventType.Bookmark, null, resourceVersion),
        };
    }
}
