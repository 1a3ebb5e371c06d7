using System.IO.Abstractions;
using Microsoft.Extensions.Primitives;
using SecretProjection.Extensions.Configuration.Volumes;

namespace SecretProjection.Extensions.Configuration.Watching;

/// <summary>
/// Fires one change token per generation swap of a projected volume. Events only wake it up; the swap is
/// confirmed by reading the <c>..data</c> target, so bursts of events coalesce and half-written generations
/// (which <c>..data</c> never points at) never fire. The link is also polled, as the fallback and safety net.
/// </summary>
internal sealed class SecretVolumeWatcher : ISecretVolumeWatcher
{
    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly ITimer _pollTimer;

    // Serialises checks, and the firing of tokens with them, so swaps are reported one at a time, in order.
    private readonly Lock _checkGate = new();
    private CancellationTokenSource _tokenSource = new();
    private string? _generation;
    private int _checkQueued;
    private bool _disposed;
    private FileSystemWatcher? _watcher;

    /// <param name="fileSystem">Where the <c>..data</c> link is read (the events come from the real directory).</param>
    /// <param name="directory">The volume directory.</param>
    /// <param name="options">How to watch.</param>
    internal SecretVolumeWatcher(IFileSystem fileSystem, string directory, SecretVolumeWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollingInterval, TimeSpan.Zero, "options.PollingInterval");
        _fileSystem = fileSystem;
        _directory = fileSystem.Path.GetFullPath(directory);
        if (options.UseFileSystemWatcher)
        {
            StartWatcherIfPossible();
        }

        // Read once the watch is in place, so that no swap falls between the two.
        _generation = ProjectedVolumeLayout.ResolveGeneration(fileSystem, _directory);

        // Always, beside the watch too: a watch on a directory that is removed and created again stops
        // without an error event, and polling catches what it then misses.
        _pollTimer = options.TimeProvider.CreateTimer(static state => ((SecretVolumeWatcher)state!).Check(), this, options.PollingInterval, options.PollingInterval);
    }

    /// <summary>Whether the directory is watched by events (rather than polled).</summary>
    internal bool IsWatchingEvents => Volatile.Read(ref _watcher) is not null;

    /// <inheritdoc />
    public string? CurrentGeneration => Volatile.Read(ref _generation);

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _tokenSource).Token);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_checkGate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _pollTimer.Dispose();
        }
    }

    private void StartWatcherIfPossible()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            // The directory itself, not the ..data link: the link is replaced at each swap, and a watch on it
            // would lose its inode (kubernetes/kubernetes#111947). No filter: the swap is all dot names.
            watcher = new FileSystemWatcher(_directory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => QueueCheck();
            watcher.Deleted += (_, _) => QueueCheck();
            watcher.Changed += (_, _) => QueueCheck();
            watcher.Renamed += (_, _) => QueueCheck();
            watcher.Error += (_, _) => RecoverFromWatchError();
            watcher.EnableRaisingEvents = true;
            Volatile.Write(ref _watcher, watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
        }
    }

    /// <summary>
    /// An overflowed or broken watch may have missed a swap: watches anew (if the directory cannot be watched
    /// any more, polling carries on alone) and checks now.
    /// </summary>
    internal void RecoverFromWatchError()
    {
        lock (_checkGate)
        {
            if (_disposed || _watcher is null)
            {
                return;
            }

            _watcher.Dispose();
            Volatile.Write(ref _watcher, null);
            StartWatcherIfPossible();
        }

        QueueCheck();
    }

    private void QueueCheck()
    {
        if (Interlocked.Exchange(ref _checkQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static watcher => watcher.Check(), this, preferLocal: false);
        }
    }

    private void Check()
    {
        lock (_checkGate)
        {
            // Cleared before reading the link: an event arriving from here on queues one more check.
            Volatile.Write(ref _checkQueued, 0);
            if (_disposed)
            {
                return;
            }

            var observed = ProjectedVolumeLayout.ResolveGeneration(_fileSystem, _directory);
            if (observed == _generation)
            {
                return;
            }

            Volatile.Write(ref _generation, observed);
            var fired = Interlocked.Exchange(ref _tokenSource, new CancellationTokenSource());
            try
            {
                fired.Cancel();
            }
            catch (AggregateException)
            {
                // A consumer's callback failed; the watcher must keep reporting later swaps regardless.
            }
        }
    }
}
