using System.Threading.Tasks.Sources;

namespace SecretProjection.Syncing;

/// <summary>
/// What wakes a pod sync's idle loop: a change of an object it reads, an update of its pod, its timer or its stop.
/// One per run of the loop, reused by every wait, so that an idle sync holds one timer and one pending wait rather
/// than a linked token source, a delay task, a task per channel it listens to and a <c>WhenAny</c> (about 1 KB per
/// pod of a node agent).
/// </summary>
/// <remarks>
/// A <see cref="Set"/> while the loop is busy is kept and ends the next wait at once, so none is lost between the
/// loop's last look at its queues and its wait. The loop reads its queues after each wake; a wake with nothing new
/// is harmless. One waiter at a time: the loop.
/// </remarks>
internal sealed class LoopWake : IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Signaled = 2;

    private readonly ITimer _timer;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    public LoopWake(TimeProvider time) =>
        _timer = time.CreateTimer(static wake => ((LoopWake)wake!).Set(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Wakes the loop: now if it waits, else at its next wait.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _state, Signaled) == Waiting)
        {
            _core.SetResult(true);
        }
    }

    /// <summary>
    /// Waits until <see cref="Set"/> or <paramref name="delay"/> has passed; at once when a <see cref="Set"/> came
    /// since the last wait.
    /// </summary>
    public ValueTask WaitAsync(TimeSpan delay)
    {
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }

        _timer.Change(delay, Timeout.InfiniteTimeSpan);
        return new ValueTask(this, _core.Version);
    }

    public void Dispose() => _timer.Dispose();

    void IValueTaskSource.GetResult(short token)
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Sets that came after the one that woke the loop are seen by its next look at its queues.
        Volatile.Write(ref _state, Idle);
        _core.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
