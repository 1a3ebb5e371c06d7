using System.Threading.Channels;
using SecretProjection.Syncing;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// A pod sync running from its creation (its sequence is read in the background, since nothing of an async
/// sequence runs before the first read), whose events a step waits for one by one; the sync and every event read
/// are kept for the <c>ToString()</c> walk. Every wait is bounded only to turn a hang into a failure.
/// </summary>
internal sealed class SyncSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SyncEvent> _events = Channel.CreateUnbounded<SyncEvent>();
    private readonly List<object> _produced;
    private readonly List<SyncEvent> _read = [];
    private readonly Task _reading;

    /// <param name="sync">The sync; it starts now.</param>
    /// <param name="produced">Where the sync and every event read are added.</param>
    public SyncSession(IPodSync sync, List<object> produced)
    {
        Sync = sync;
        _produced = produced;
        _produced.Add(sync);
        _reading = Task.Run(ReadAsync);
    }

    public IPodSync Sync { get; }

    /// <summary>Reads events until one matches.</summary>
    /// <returns>The matching event.</returns>
    public async Task<SyncEvent> UntilAsync(Func<SyncEvent, bool> match)
    {
        while (true)
        {
            if (!await _events.Reader.WaitToReadAsync().AsTask().WaitAsync(RunningTool.HangBound))
            {
                throw new InvalidOperationException("the sync ended before the event came; events: " + string.Join("; ", _read));
            }

            while (_events.Reader.TryRead(out var syncEvent))
            {
                _read.Add(syncEvent);
                _produced.Add(syncEvent);
                if (match(syncEvent))
                {
                    return syncEvent;
                }
            }
        }
    }

    /// <summary>Reads events until one of <paramref name="volume"/> of that kind and trigger.</summary>
    public Task<SyncEvent> UntilAsync(string volume, SyncEventKind kind, SyncTrigger trigger) =>
        UntilAsync(e => e.Volume == volume && e.Kind == kind && e.Trigger == trigger);

    /// <summary>Reads events until the first of every volume of <paramref name="volumes"/> with that trigger.</summary>
    public async Task UntilEachAsync(SyncTrigger trigger, params string[] volumes)
    {
        var left = new HashSet<string>(volumes, StringComparer.Ordinal);
        while (left.Count > 0)
        {
            left.Remove((await UntilAsync(e => e.Trigger == trigger && e.Volume is { } v && left.Contains(v))).Volume!);
        }
    }

    /// <summary>Reads events until environment drift is reported.</summary>
    public Task<SyncEvent> UntilDriftAsync() => UntilAsync(e => e.Kind == SyncEventKind.EnvDrift);

    /// <summary>Reads the sequence to its end, which an error of the sync ends with.</summary>
    /// <returns>The error, or <see langword="null"/> when it ended without one.</returns>
    public async Task<Exception?> UntilEndAsync()
    {
        try
        {
            await UntilAsync(_ => false);
            return null;
        }
        catch (InvalidOperationException) when (_events.Reader.Completion.IsCompletedSuccessfully)
        {
            return null;
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            return e;
        }
    }

    /// <summary>Stops the sync (it unregisters the pod) and reads the rest of its events.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.WaitAsync(RunningTool.HangBound);
        if (!_events.Reader.Completion.IsFaulted)
        {
            Assert.Null(await UntilEndAsync());
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var syncEvent in Sync.RunAsync(_stop.Token))
            {
                _events.Writer.TryWrite(syncEvent);
            }

            _events.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _events.Writer.TryComplete(e);
        }
    }
}
