using System.Globalization;

namespace SecretProjection.Testing.Time;

/// <summary>
/// A fake clock for tests and simulations: time moves only when it is advanced, and each timer fires at its own
/// due time, earliest first, on the thread that advances, timers set by earlier callbacks of the same advance
/// included (as on a real clock, where a retry set by a callback fires once its wait has passed). It tells which
/// timers were set, so that a test moves it only once a component waits, and it can advance itself to each timer as
/// soon as one is set (<see cref="StartAutoAdvance"/>), so that a simulation spends no real time in its waits.
/// </summary>
/// <remarks>
/// <para>
/// What it adds to <c>FakeTimeProvider</c> (Microsoft.Extensions.TimeProvider.Testing): the timers set, with their
/// due times (<see cref="NextTimerAsync"/>, <see cref="AdvanceWhenSetAsync"/>, <see cref="WaitForTimersAsync"/>);
/// advancing to the next timer (<see cref="NextDueAsync"/>, <see cref="AdvanceThroughAsync"/>, <see cref="StartAutoAdvance"/>);
/// and callbacks that see their own due time, one after the other, where <c>FakeTimeProvider.Advance</c> moves to the
/// end first (a retry set by a callback is then due after the end), runs a callback due now on whichever thread
/// next reads the clock, and sleeps a millisecond of real time on each advance.
/// </para>
/// <para>
/// A timer is set by <see cref="CreateTimer"/> or <see cref="ITimer.Change"/> with a finite due time (a
/// <c>Task.Delay</c>, a <c>WaitAsync</c> timeout, a timed <c>CancellationTokenSource</c>). A timer due at once fires
/// on the thread pool, as a system timer does; the clock never goes back. Thread-safe; advances never overlap.
/// </para>
/// </remarks>
public sealed class SimulatedClock : TimeProvider, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Lock _advancing = new();
    private readonly SortedSet<SimulatedTimer> _armed = new(Comparer<SimulatedTimer>.Create((a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Order.CompareTo(b.Order)));
    private readonly List<TimeSpan> _set = [];
    private readonly List<TimeSpan> _untaken = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private TaskCompletionSource _timerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _now;
    private long _order;
    private Task? _pump;
    private bool _paused;

    /// <summary>A clock at midnight, 1 January 2026 (UTC).</summary>
    public SimulatedClock()
        : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>A clock at <paramref name="start"/>.</summary>
    /// <param name="start">The time it shows first.</param>
    public SimulatedClock(DateTimeOffset start)
    {
        Start = start;
        _now = start;
    }

    /// <summary>The time the clock showed first.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <summary>
    /// How far ahead <see cref="NextDueAsync"/>, <see cref="AdvanceThroughAsync"/> and the automatic advance look for
    /// the next timer: timers due later (a timeout meant never to pass in a test) are left alone. Default: no limit.
    /// </summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.MaxValue;

    /// <summary>The due time of every timer set so far, in the order they were set.</summary>
    public IReadOnlyList<TimeSpan> TimersSet
    {
        get
        {
            lock (_lock)
            {
                return [.. _set];
            }
        }
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Ticks of <see cref="TimeSpan"/>: 10,000,000 a second.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock on by <paramref name="delta"/>, firing on this thread every timer due by then at its due time,
    /// earliest first (in the order they were set when due together), those the callbacks set included.
    /// </summary>
    /// <param name="delta">The time that passes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_advancing)
        {
            AdvanceTo(GetUtcNow() + delta);
        }
    }

    /// <summary>The due time of the oldest timer set that no call of this clock has taken yet; waits for one.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Its due time.</returns>
    public Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default) =>
        TakeAsync(untaken => untaken.Count > 0 ? 0 : -1, "no timer was set", cancellationToken);

    /// <summary>
    /// Waits until a timer of <paramref name="due"/> is set (one not taken before; <c>Task.Delay</c> rounds its due
    /// time down to the millisecond, so one up to a millisecond shorter counts), takes it, then advances by
    /// <paramref name="due"/>: a wait set after the clock moved would start from the new time and never end.
    /// </summary>
    /// <param name="due">The due time.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait and the advance.</returns>
    public async Task AdvanceWhenSetAsync(TimeSpan due, CancellationToken cancellationToken = default)
    {
        await TakeAsync(untaken => untaken.FindIndex(set => set <= due && due - set < TimeSpan.FromMilliseconds(1)), $"no timer of {due} was set", cancellationToken).ConfigureAwait(false);
        Advance(due);
    }

    /// <summary>Waits until a timer is set that no call of this clock has taken, and takes every such timer: the component waits now.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The wait.</returns>
    public async Task WaitForTimersAsync(CancellationToken cancellationToken = default)
    {
        await TakeAsync(untaken => untaken.Count > 0 ? 0 : -1, "no timer was set", cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _untaken.Clear();
        }
    }

    /// <summary>The due time of the earliest timer within <see cref="Horizon"/>; waits until there is one (a component waits).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The due time.</returns>
    public async Task<DateTimeOffset> NextDueAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task set;
            lock (_lock)
            {
                if (Earliest() is { } due)
                {
                    return due;
                }

                set = _timerSet.Task;
            }

            await set.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lets <paramref name="duration"/> pass one timer at a time: waits for the next timer within
    /// <see cref="Horizon"/> to be set and fires it, until the next is due after the end; then moves to the end. A
    /// component that fails and backs off all along (a reflector facing a stopped server) retries exactly as often as
    /// its backoff allows in that time. Pause the automatic advance first, if it runs.
    /// </summary>
    /// <param name="duration">The time that passes.</param>
    /// <param name="cancellationToken">Stops waiting for a timer.</param>
    /// <returns>How many timers fired.</returns>
    public async Task<int> AdvanceThroughAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var end = GetUtcNow() + duration;
        var fired = 0;
        while (await NextDueAsync(cancellationToken).ConfigureAwait(false) is var due && due <= end)
        {
            lock (_advancing)
            {
                AdvanceTo(due);
            }

            fired++;
        }

        lock (_advancing)
        {
            AdvanceTo(end);
        }

        return fired;
    }

    /// <summary>
    /// From now on, advances to the earliest timer within <see cref="Horizon"/> as soon as one is set, until paused
    /// or disposed: every wait of a simulation then takes no real time, and <see cref="Elapsed"/> is the time it
    /// spent waiting plus what a test advanced. Starting it again does nothing.
    /// </summary>
    public void StartAutoAdvance()
    {
        lock (_advancing)
        {
            _pump ??= Task.Run(() => PumpAsync(_stop.Token));
        }
    }

    /// <summary>Stops the automatic advance; an advance in progress, with the callbacks it fires, completes first.</summary>
    public void PauseAutoAdvance()
    {
        lock (_advancing)
        {
            _paused = true;
        }
    }

    /// <summary>Lets the automatic advance go on.</summary>
    public void ResumeAutoAdvance()
    {
        lock (_advancing)
        {
            _paused = false;
        }

        _wake.Release();
    }

    /// <summary>The time, the timers armed and those not yet taken, for a failure message.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        lock (_lock)
        {
            var armed = string.Join(", ", _armed.Select(t => Seconds(t.Due - Start)));
            var untaken = string.Join(", ", _untaken.Select(t => t.ToString("c", CultureInfo.InvariantCulture)));
            return $"clock at {Seconds(_now - Start)} s, timers due at [{armed}] s, not taken [{untaken}], paused={_paused}";
        }
    }

    /// <summary>Stops the automatic advance and waits for it to end.</summary>
    /// <returns>The stop.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? pump;
        lock (_advancing)
        {
            pump = _pump;
        }

        if (pump is not null)
        {
            await pump.ConfigureAwait(false);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Takes the untaken timer <paramref name="find"/> picks (an index, or -1 for none yet), waiting for it.</summary>
    private async Task<TimeSpan> TakeAsync(Func<List<TimeSpan>, int> find, string failure, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task set;
            lock (_lock)
            {
                var index = find(_untaken);
                if (index >= 0)
                {
                    var due = _untaken[index];
                    _untaken.RemoveAt(index);
                    return due;
                }

                set = _timerSet.Task;
            }

            try
            {
                await set.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken)
            {
                throw new OperationCanceledException($"{failure} before the wait was cancelled; {this}", e, cancellationToken);
            }
        }
    }

    /// <summary>Arms (or, with an infinite due time, disarms) a timer, due <paramref name="dueTime"/> from now.</summary>
    private void Arm(SimulatedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, Timeout.InfiniteTimeSpan, nameof(dueTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(period, Timeout.InfiniteTimeSpan, nameof(period));
        TaskCompletionSource set;
        lock (_lock)
        {
            _armed.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            _set.Add(dueTime);
            _untaken.Add(dueTime);
            set = _timerSet;
            _timerSet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var periodic = period > TimeSpan.Zero;
            if (dueTime == TimeSpan.Zero)
            {
                // Due now: fired at once, as a system timer is, then armed for its period if it has one.
                ThreadPool.UnsafeQueueUserWorkItem(t => t.Fire(), timer, preferLocal: false);
                dueTime = periodic ? period : Timeout.InfiniteTimeSpan;
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Due = _now + dueTime;
                timer.Period = periodic ? period : TimeSpan.Zero;
                timer.Order = ++_order;
                _armed.Add(timer);
            }
        }

        set.TrySetResult();
        _wake.Release();
    }

    private void Disarm(SimulatedTimer timer)
    {
        lock (_lock)
        {
            _armed.Remove(timer);
        }
    }

    /// <summary>The earliest due time within the horizon. Called under <see cref="_lock"/>.</summary>
    private DateTimeOffset? Earliest()
    {
        var limit = Horizon == TimeSpan.MaxValue || DateTimeOffset.MaxValue - _now < Horizon ? DateTimeOffset.MaxValue : _now + Horizon;
        return _armed.Count > 0 && _armed.Min!.Due <= limit ? _armed.Min.Due : null;
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/> (never back), firing on this thread, earliest first, every timer
    /// due by then, those its callbacks set included. Called under <see cref="_advancing"/>.
    /// </summary>
    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            SimulatedTimer? next;
            lock (_lock)
            {
                next = _armed.Count > 0 && _armed.Min!.Due <= target ? _armed.Min : null;
                if (next is null)
                {
                    _now = target > _now ? target : _now;
                    return;
                }

                _now = next.Due > _now ? next.Due : _now;
                _armed.Remove(next);
                if (next.Period > TimeSpan.Zero)
                {
                    next.Due += next.Period;
                    next.Order = ++_order;
                    _armed.Add(next);
                }
            }

            next.Fire();
        }
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await _wake.WaitAsync(stop).ConfigureAwait(false);
                while (true)
                {
                    lock (_advancing)
                    {
                        DateTimeOffset? due;
                        lock (_lock)
                        {
                            due = _paused ? null : Earliest();
                        }

                        if (due is null)
                        {
                            break;
                        }

                        AdvanceTo(due.Value);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>A timer of the simulated clock.</summary>
    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private int _disposed;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Order { get; set; }

        public void Fire()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return false;
            }

            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, 1);
            clock.Disarm(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
