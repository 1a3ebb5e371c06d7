namespace SecretProjection.Testing.Api;

/// <summary>
/// A watch as a transport sends it: lines of JSON, read one at a time until the watch ends, with the injected faults
/// applied (a pause before each event, an end after some events, half an event and a broken connection). It ends
/// when the server drops it, when its <c>timeoutSeconds</c> pass on the server's clock, or when the reader cancels (its
/// client went away); it no longer counts as open from the moment it ends, before its end is sent.
/// </summary>
public sealed class ApiWatchStream : IDisposable
{
    private readonly ApiServerState _state;
    private readonly WatchSession? _session;
    private readonly CancellationTokenSource? _timeout;
    private WatchItem? _only;
    private int _sent;
    private bool _ended;

    internal ApiWatchStream(ApiServerState state, WatchSession? session, WatchItem? only, TimeSpan timeout)
    {
        _state = state;
        _session = session;
        _only = only;
        if (session is not null && timeout > TimeSpan.Zero)
        {
            _timeout = new CancellationTokenSource(timeout, state.TimeProvider);
        }
    }

    /// <summary>
    /// Whether the stream ended broken: the connection is to be broken rather than the stream ended cleanly (the
    /// server stopped, or cut an event in half). Read after <see cref="ReadLineAsync"/> returned <see langword="null"/>.
    /// </summary>
    public bool Broken { get; private set; }

    /// <summary>
    /// The next line to send: a whole event and its newline, or, where a fault cuts the stream, the first half of one
    /// (then the stream ends <see cref="Broken"/>); <see langword="null"/> when the stream ends. Waits for the next event.
    /// </summary>
    /// <param name="cancellationToken">The client went away: the watch ends.</param>
    /// <returns>The line, or <see langword="null"/>.</returns>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(cancellationToken).ConfigureAwait(false) is not var (item, cut) ? null
                : cut ? item.Line![..(item.Line!.Length / 2)]
                : item.Line;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Stops counting the watch as open, if it still is, and releases it.</summary>
    public void Dispose()
    {
        if (_session is not null)
        {
            _state.Unregister(_session);
        }

        _timeout?.Dispose();
    }

    /// <summary>
    /// The next item, and whether a fault cuts it in half (then the stream ends broken); <see langword="null"/> when
    /// the stream ends. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is
    /// cancelled, after ending the watch.
    /// </summary>
    internal async ValueTask<(WatchItem Item, bool Cut)?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        if (_only is { } only)
        {
            _only = null;
            _ended = true;
            return (only, false);
        }

        var session = _session!;
        var faults = _state.Faults;
        if ((faults is { CloseAfter: { } limit, MidEvent: false } && _sent >= limit) || (session.EndAfter is { } end && _sent >= end))
        {
            return End(broken: false);
        }

        // What was queued before a clean end is delivered first, as a server flushes what it wrote; a wait (and its
        // token) only when nothing is queued.
        if (session.Aborted || !session.Items.TryRead(out var item))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(session.Ending, _timeout?.Token ?? CancellationToken.None, cancellationToken);
            try
            {
                item = await session.Items.ReadAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return Ended(session, cancellationToken);
            }
        }

        faults = _state.Faults;
        if (faults.Delay > TimeSpan.Zero)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(session.Ending, _timeout?.Token ?? CancellationToken.None, cancellationToken);
            try
            {
                await Task.Delay(faults.Delay, _state.TimeProvider, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return Ended(session, cancellationToken);
            }
        }

        if (faults is { CloseAfter: { } max, MidEvent: true } && _sent >= max)
        {
            // Half an event, then the connection breaks: what a client sees when a proxy cuts a stream.
            End(broken: true);
            return (item, true);
        }

        _sent++;
        return (item, false);
    }

    /// <summary>The end of a stream that a cancellation stopped: broken if the server broke it; a throw if the reader cancelled.</summary>
    private (WatchItem, bool)? Ended(WatchSession session, CancellationToken cancellationToken)
    {
        var ended = End(broken: session.Aborted);
        cancellationToken.ThrowIfCancellationRequested();
        return ended;
    }

    /// <summary>Ends the stream: it stops counting as open at once, so that a client that sees the end and watches again never finds its old watch counted.</summary>
    private (WatchItem, bool)? End(bool broken)
    {
        _ended = true;
        Broken = broken;
        _state.Close(_session!);
        return null;
    }
}
