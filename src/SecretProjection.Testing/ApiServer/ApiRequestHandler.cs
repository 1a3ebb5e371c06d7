using System.Text;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.ApiServer;

/// <summary>
/// Answers one request as the API server does, for <c>/api/v1/namespaces/NS/{secrets,configmaps,pods}</c>:
/// GET one, list (<c>fieldSelector</c>, <c>resourceVersion</c>) and watch (<c>watch=true</c>: newline-delimited
/// JSON events, <c>allowWatchBookmarks</c>, <c>timeoutSeconds</c>); failures as <c>Status</c> objects.
/// </summary>
internal sealed class ApiRequestHandler(ApiServerState state)
{
    /// <summary>Answers the request; a watch stream leaves <see cref="ApiConnection.CloseAfterResponse"/> set, as its connection closes after it.</summary>
    public async Task HandleAsync(ApiConnection connection, RecordedRequest request, CancellationToken stopping)
    {
        state.Record(request);
        if (state.TakeFailure() is { } code)
        {
            await connection.WriteJsonAsync(code, ApiStatus.Injected(code, request.IsWatch), stopping).ConfigureAwait(false);
            return;
        }

        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /api/v1/RESOURCE lists and watches across namespaces, as /api/v1/pods?fieldSelector=spec.nodeName=NODE.
        var resource = segments switch
        {
            ["api", "v1", "namespaces", _, _] or ["api", "v1", "namespaces", _, _, _] => ApiResource.FromPath(segments[4]),
            ["api", "v1", var all] => ApiResource.FromPath(all),
            _ => null,
        };
        if (resource is null)
        {
            await connection.WriteJsonAsync(404, ApiStatus.NoSuchPath(), stopping).ConfigureAwait(false);
            return;
        }

        if (request.Method != "GET")
        {
            await connection.WriteJsonAsync(405, ApiStatus.MethodNotSupported(resource.Resource, request.Method), stopping).ConfigureAwait(false);
            return;
        }

        var ns = segments.Length > 3 ? segments[3] : null;
        if (segments.Length == 6)
        {
            var name = segments[5];
            var found = state.Get(resource, ns!, name);
            await connection.WriteJsonAsync(found is null ? 404 : 200, found ?? ApiStatus.NotFound(resource.Resource, name), stopping).ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(request.QueryValue("labelSelector")))
        {
            await connection.WriteJsonAsync(400, ApiStatus.BadRequest("labelSelector is not supported by the loopback API server"), stopping).ConfigureAwait(false);
            return;
        }

        if (FieldFilter.Parse(request.QueryValue("fieldSelector"), out var error) is not { } filter)
        {
            await connection.WriteJsonAsync(400, ApiStatus.BadRequest(error!), stopping).ConfigureAwait(false);
            return;
        }

        if (request.IsWatch)
        {
            await WatchAsync(connection, request, resource, ns, filter, stopping).ConfigureAwait(false);
            return;
        }

        var (status, body) = state.List(resource, ns, filter, request.QueryValue("resourceVersion"));
        await connection.WriteJsonAsync(status, body, stopping).ConfigureAwait(false);
    }

    private static ReadOnlyMemory<byte> Line(JsonObject json) => Line(ApiJson.Serialize(json));

    private static ReadOnlyMemory<byte> Line(string json) => Encoding.UTF8.GetBytes(json + "\n");

    private async Task WatchAsync(ApiConnection connection, RecordedRequest request, ApiResource resource, string? ns, FieldFilter filter, CancellationToken stopping)
    {
        var bookmarks = request.QueryValue("allowWatchBookmarks") is "true" or "1";
        var start = state.StartWatch(resource, ns, filter, request.QueryValue("resourceVersion"), bookmarks);
        if (start.HttpError is { } httpError)
        {
            await connection.WriteJsonAsync((int)httpError["code"]!, httpError, stopping).ConfigureAwait(false);
            return;
        }

        if (start.ErrorEvent is { } status)
        {
            // The watch cache answers a too-old resourceVersion with HTTP 200 and one ERROR event, then ends the
            // stream; the connection stays open for the next request.
            await connection.StartStreamAsync(lastResponse: false, stopping).ConfigureAwait(false);
            await connection.WriteChunkAsync(Line(new JsonObject { ["type"] = "ERROR", ["object"] = status }), stopping).ConfigureAwait(false);
            await connection.EndStreamAsync(stopping).ConfigureAwait(false);
            return;
        }

        // The session counts as open from here: released whichever way the stream ends, even if the client left
        // before the response began.
        var session = start.Session!;
        try
        {
            // A stream of events closes its connection when it ends (StreamAsync).
            await connection.StartStreamAsync(lastResponse: true, stopping).ConfigureAwait(false);
            var timeout = int.TryParse(request.QueryValue("timeoutSeconds"), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            await StreamAsync(connection, session, timeout, stopping).ConfigureAwait(false);
        }
        finally
        {
            state.Unregister(session);
        }
    }

    /// <summary>
    /// Sends the session's events until the server ends it, the timeout passes, a fault closes it, or the client
    /// goes away.
    /// </summary>
    private async Task StreamAsync(ApiConnection connection, WatchSession session, TimeSpan timeout, CancellationToken stopping)
    {
        using var timer = new CancellationTokenSource(timeout, state.Time);
        using var gone = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(session.Ending, timer.Token, stopping, gone.Token);
        var watchingClient = WatchClientAsync(connection, gone, stop.Token);
        try
        {
            var clean = await SendEventsAsync(connection, session, stop.Token, stopping).ConfigureAwait(false);

            // No longer open once it stops sending: a client that sees the end and watches again at once must not
            // find its old watch still counted (WaitForOpenWatchesAsync).
            state.Close(session);
            if (clean)
            {
                await connection.EndStreamAsync(stopping).ConfigureAwait(false);
            }
            else
            {
                connection.Abort();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watchingClient.ConfigureAwait(false);
        }
    }

    /// <summary>The events, until the watch should end: true to end the stream cleanly, false to break it.</summary>
    private async Task<bool> SendEventsAsync(ApiConnection connection, WatchSession session, CancellationToken stop, CancellationToken stopping)
    {
        var sent = 0;
        try
        {
            while (true)
            {
                if (state.Faults is { CloseAfter: { } limit, MidEvent: false } && sent >= limit)
                {
                    return true;
                }

                var line = Line(await session.Lines.ReadAsync(stop).ConfigureAwait(false));
                var faults = state.Faults;
                if (faults.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(faults.Delay, state.Time, stop).ConfigureAwait(false);
                }

                if (faults is { CloseAfter: { } max, MidEvent: true } && sent >= max)
                {
                    // Half an event, then the connection breaks: what a client sees when a proxy cuts a stream.
                    await connection.WriteChunkAsync(line[..(line.Length / 2)], stopping).ConfigureAwait(false);
                    return false;
                }

                await connection.WriteChunkAsync(line, stopping).ConfigureAwait(false);
                sent++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ended by the server (cleanly unless stopping or told to abort), the timeout, or the client leaving.
            return !(session.Aborted || stopping.IsCancellationRequested);
        }
    }

    private static async Task WatchClientAsync(ApiConnection connection, CancellationTokenSource gone, CancellationToken stop)
    {
        try
        {
            await connection.WaitForClientCloseAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await gone.CancelAsync().ConfigureAwait(false);
    }
}
