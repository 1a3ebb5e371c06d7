using System.Threading.Channels;

namespace SecretProjection.Testing.ApiServer;

/// <summary>One open watch: which events it wants, the lines queued for it, and how the server wants it ended.</summary>
internal sealed class WatchSession : IDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _end = new();
    private readonly string? _namespace;
    private readonly FieldFilter _filter;
    private int _ending;

    public WatchSession(ApiResource resource, string? @namespace, FieldFilter filter, bool bookmarks, long after)
    {
        After = after;
        Resource = resource;
        _namespace = @namespace;
        _filter = filter;
        Bookmarks = bookmarks;
    }

    public ApiResource Resource { get; }

    /// <summary>The resourceVersion after which this watch wants events.</summary>
    public long After { get; private set; }

    public bool Bookmarks { get; }

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Cancelled when the server ends the watch (<see cref="End"/>).</summary>
    public CancellationToken Ending => _end.Token;

    /// <summary>Whether the server ended it by breaking the connection rather than closing the stream.</summary>
    public bool Aborted { get; private set; }

    public bool Wants(StoredEvent stored) =>
        stored.ResourceVersion > After && stored.Resource == Resource && Watches(stored.Namespace, stored.Name, stored.NodeName);

    /// <summary>Whether the named object's events come to this watch.</summary>
    public bool Watches(string @namespace, string name, string? nodeName = null) =>
        (_namespace is null || @namespace == _namespace) && _filter.Matches(@namespace, name, nodeName);

    /// <summary>Moves the start past the state already sent as <c>ADDED</c> events.</summary>
    public void StartAfter(long resourceVersion) => After = resourceVersion;

    public void Send(string line) => _lines.Writer.TryWrite(line);

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
}
