namespace SecretProjection.Testing.ApiServer;

/// <summary>The injected behaviour of watch streams.</summary>
/// <param name="CloseAfter">End each watch after this many events; <see langword="null"/> for never.</param>
/// <param name="MidEvent">Break the connection in the middle of the next event instead of closing cleanly.</param>
/// <param name="Delay">The pause before each event.</param>
internal readonly record struct WatchFaults(int? CloseAfter, bool MidEvent, TimeSpan Delay);
