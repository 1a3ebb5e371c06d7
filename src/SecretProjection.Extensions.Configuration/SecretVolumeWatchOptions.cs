namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// How a projected volume directory is watched for generation swaps (the rename of <c>..data</c>).
/// </summary>
public sealed class SecretVolumeWatchOptions
{
    /// <summary>
    /// Whether to watch the directory with a <see cref="FileSystemWatcher"/> (inotify on Linux) for
    /// immediate reloads. When <see langword="false"/>, or when the directory cannot be watched (missing,
    /// inotify limits), only polling reports swaps. Defaults to <see langword="true"/>.
    /// </summary>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>
    /// How often the <c>..data</c> link target is read: the only way swaps are seen where watching is
    /// unavailable, and a safety net beside the watcher (a watch on a directory that is removed and
    /// created again ends without an error). Must be positive. Defaults to 5 seconds, well below the
    /// kubelet's own sync period (one minute plus the cache delay); reading one link is cheap.
    /// </summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock that drives polling. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
