using System.Globalization;
using System.Threading.Channels;
using SecretProjection.Sources;

namespace SecretProjection.Testing.Api;

/// <summary>
/// One open watch: what it selects, the events queued for it, and how the server wants it ended. A wire watch
/// (an HTTP stream) is sent its events as lines of JSON, a model watch (an in-memory source's) as model objects;
/// either is made under the state's lock, where stored objects may be read.
/// </summary>
internal sealed class WatchSession : IDisposable
{
    private readonly Channel<WatchItem> _items = Channel.CreateUnbounded<WatchItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _end = new();
    private int _ending;

    public WatchSession(ApiResource resource, string? @namespace, ApiSelector selector, string version, bool bookmarks, bool model, long after, int? endAfter)
    {
        Resource = resource;
        Namespace = @namespace;
        Selector = selector;
        Version = version;
        Bookmarks = bookmarks;
        IsModel = model;
        After = after;
        EndAfter = endAfter;
        var name = selector.Name;
        Key = name is null ? null : new ObjectKey(resource, @namespace ?? string.Empty, name);
    }

    public ApiResource Resource { get; }

    /// <summary>The namespace watched; <see langword="null"/> for all namespaces, or a cluster-scoped resource.</summary>
    public string? Namespace { get; }

    public ApiSelector Selector { get; }

    /// <summary>The version of the resource the watch asked for.</summary>
    public string Version { get; }

    public bool Bookmarks { get; }

    /// <summary>Whether it is sent model objects rather than lines of JSON.</summary>
    public bool IsModel { get; }

    /// <summary>The one object it watches (a <c>metadata.name=</c> field selector), by which the state finds it; none when it watches more.</summary>
    public ObjectKey? Key { get; }

    /// <summary>The resourceVersion after which this watch wants events.</summary>
    public long After { get; private set; }

    /// <summary>The events after which its stream ends (a scripted fault), if any.</summary>
    public int? EndAfter { get; }

    public ChannelReader<WatchItem> Items => _items.Reader;

    /// <summary>Cancelled when the server ends the watch (<see cref="End"/>).</summary>
    public CancellationToken Ending => _end.Token;

    /// <summary>Whether the server ended it by breaking the connection rather than closing the stream.</summary>
    public bool Aborted { get; private set; }

    /// <summary>
    /// The type of event this watch gets for a change, or <see langword="null"/> for none. As the watch cache does
    /// for a selector: a change that brings an object into the selection is <c>ADDED</c>, one that takes it out
    /// <c>DELETED</c>.
    /// </summary>
    public string? TypeFor(StoredEvent change)
    {
        if (change.ResourceVersion <= After || change.Object.Resource != Resource || (Namespace is not null && change.Object.Namespace != Namespace))
        {
            return null;
        }

        var now = Selector.Matches(change.Object);
        if (change.Type != "MODIFIED")
        {
            return now ? change.Type : null;
        }

        var before = change.Previous is { } previous && Selector.Matches(previous);
        return (now, before) switch
        {
            (true, true) => "MODIFIED",
            (true, false) => "ADDED",
            (false, true) => "DELETED",
            _ => null,
        };
    }

    /// <summary>Whether the named object's events come to this watch.</summary>
    public bool Watches(string @namespace, string name) =>
        (Namespace is null || Namespace == @namespace) && Selector.MayMatch(@namespace, name);

    /// <summary>Moves the start past the state already sent as <c>ADDED</c> events.</summary>
    public void StartAfter(long resourceVersion) => After = resourceVersion;

    /// <summary>Queues an event (under the state's lock).</summary>
    public void Send(string type, ApiObject item) =>
        _items.Writer.TryWrite(IsModel
            ? new WatchItem(type, item.ResourceVersion, null, item.Model, null)
            : new WatchItem(type, item.ResourceVersion, Line(type, item.TextAt(Version)), null, null));

    /// <summary>Queues a bookmark at <paramref name="resourceVersion"/>.</summary>
    public void SendBookmark(long resourceVersion)
    {
        var text = resourceVersion.ToString(CultureInfo.InvariantCulture);
        _items.Writer.TryWrite(new WatchItem(
            "BOOKMARK",
            resourceVersion,
            IsModel ? null : $"{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"{Resource.Kind}\",\"apiVersion\":\"{Resource.ApiVersion(Version)}\",\"metadata\":{{\"resourceVersion\":\"{text}\",\"creationTimestamp\":null}}}}}}\n",
            null,
            null));
    }

    /// <summary>Ends the watch: a clean end of the stream, or a broken connection.</summary>
    public void End(bool abort)
    {
        if (Interlocked.Exchange(ref _ending, 1) == 1)
        {
            return;
        }

        Aborted = abort;
        _end.Cancel();
    }

    public void Dispose() => _end.Dispose();

    /// <summary>A watch event as the API server writes it: <c>{"type":"MODIFIED","object":{…}}</c> and a newline.</summary>
    public static string Line(string type, string objectText) => $"{{\"type\":\"{type}\",\"object\":{objectText}}}\n";
}

/// <summary>
/// One item of a watch: an event (its type, the object's resourceVersion, and the object as a line of JSON or as a
/// model object), a bookmark, or an <c>ERROR</c> event's status.
/// </summary>
internal readonly record struct WatchItem(string Type, long ResourceVersion, string? Line, object? Model, SourceStatus? Status);
