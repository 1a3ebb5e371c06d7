using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SecretProjection.Syncing;

/// <summary>
/// One run at a time of a loop on the thread pool, its events streamed as they come: the pod sync's and the node
/// agent's. The loop completes the channel when it ends (with its failure, if any), so a cancelled run ends the
/// sequence without an exception; leaving the sequence early stops the loop and waits for it.
/// </summary>
/// <typeparam name="T">The events.</typeparam>
internal sealed class EventLoop<T>
{
    private int _running;

    /// <summary>Runs <paramref name="loop"/> and yields what it writes until it completes the channel.</summary>
    /// <param name="loop">The loop: writes events, completes the writer when it ends.</param>
    /// <param name="alreadyRunning">The message when a run is in progress.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<T> RunAsync(
        Func<ChannelWriter<T>, CancellationToken, Task> loop,
        string alreadyRunning,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Enter(alreadyRunning);

        var events = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = Task.Run(() => loop(events.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
            Exit();
        }
    }

    /// <summary>
    /// Runs <paramref name="loop"/> with its events written to <paramref name="events"/>, the caller's channel (the
    /// node agent reads all its pods' reports from one), rather than through a channel, a reader and an enumerator of
    /// its own; completes when the loop has ended and completed <paramref name="events"/>.
    /// </summary>
    /// <param name="loop">The loop: writes events, completes the writer when it ends.</param>
    /// <param name="events">Where the loop's events go.</param>
    /// <param name="alreadyRunning">The message when a run is in progress.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>The loop's end.</returns>
    public async Task RunAsync(
        Func<ChannelWriter<T>, CancellationToken, Task> loop,
        ChannelWriter<T> events,
        string alreadyRunning,
        CancellationToken cancellationToken)
    {
        Enter(alreadyRunning);

        try
        {
            await loop(events, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Takes the one run, or throws <see cref="InvalidOperationException"/> with <paramref name="alreadyRunning"/>.</summary>
    private void Enter(string alreadyRunning)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException(alreadyRunning);
        }
    }

    private void Exit() => Volatile.Write(ref _running, 0);
}
