namespace SecretProjection.Testing.ApiServer;

/// <summary>Settings of a <see cref="LoopbackApiServer"/>.</summary>
public sealed class LoopbackApiServerOptions
{
    /// <summary>
    /// How many events the server keeps, like the API server's watch cache: a watch from a resourceVersion older
    /// than the oldest kept event gets the 410 <c>ERROR</c> event, and a list the 410 answer. Default: 1000.
    /// </summary>
    public int HistoryCapacity { get; set; } = 1000;

    /// <summary>
    /// The clock of watch timeouts (<c>timeoutSeconds</c>), of <see cref="LoopbackApiServer.WatchEventDelay"/> and
    /// of creation timestamps; a fake clock makes them deterministic. Default: <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The port to listen on, on 127.0.0.1; 0 picks a free one. Default: 0.</summary>
    public int Port { get; set; }
}
