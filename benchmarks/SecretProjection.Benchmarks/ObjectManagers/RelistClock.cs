namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The managers' clock in the relist benchmarks: the system clock, moved forward by <see cref="Skip"/> (so that a
/// watch looks as old as a node's long-lived watches, and the reflector's backoff has reset), and, with
/// <see cref="FireWaitsAtOnce"/>, with every one-shot wait shorter than a minute (a backoff wait: 0.8 s to 60 s)
/// fired at once, so that a relist costs only its work. Longer waits (a read's sync timeout, an hour in the
/// benchmarks) run on the system clock.
/// </summary>
internal sealed class RelistClock : TimeProvider
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    private long _skippedTicks;
    private long _fired;

    public RelistClock(bool fireWaitsAtOnce)
    {
        FireWaitsAtOnce = fireWaitsAtOnce;
    }

    public bool FireWaitsAtOnce { get; }

    /// <summary>The waits fired at once so far.</summary>
    public long Fired => Interlocked.Read(ref _fired);

    public override long TimestampFrequency => System.TimestampFrequency;

    /// <summary>Moves the clock forward (the time of day and timestamps; timers are not affected).</summary>
    public void Skip(TimeSpan time) => Interlocked.Add(ref _skippedTicks, time.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _skippedTicks) * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!FireWaitsAtOnce || period != Timeout.InfiniteTimeSpan || dueTime >= Longest || dueTime == Timeout.InfiniteTimeSpan)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        Interlocked.Increment(ref _fired);

        // On the thread pool, as a timer fires: the caller may still be setting up what the callback completes.
        ThreadPool.UnsafeQueueUserWorkItem(s => callback(s), state, preferLocal: false);
        return FiredTimer.Instance;
    }

    private sealed class FiredTimer : ITimer
    {
        public static FiredTimer Instance { get; } = new();

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
