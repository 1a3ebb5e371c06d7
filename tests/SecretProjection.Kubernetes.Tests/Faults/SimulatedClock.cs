using System.Globalization;
using System.Threading.Channels;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The managers' clock: simulated time that moves only when a test or its pump advances it, firing each timer due
/// by then on the advancing thread, earliest first. Stepped by hand (<see cref="NextTimerAsync"/> then
/// <see cref="Step"/>), or by a pump (<see cref="StartPump"/>) that advances to the earliest timer within
/// <see cref="Horizon"/> as soon as one is set: every backoff wait then takes no real time, and the simulated time
/// is the time spent waiting plus what the test steps.
/// </summary>
/// <remarks>
/// <para>
/// Timers beyond the horizon (the managers' sync timeout, set far out by the chain) are never advanced to. The pump
/// can be paused, so that a fault spans a chosen stretch of simulated time (<see cref="AdvanceThroughAsync"/>).
/// </para>
/// <para>
/// Not <c>FakeTimeProvider</c>: the pump must know each timer's due time exactly as the clock fires it, and must
/// be the one that fires it. <c>FakeTimeProvider</c> keeps its timers to itself, and runs a due callback on
/// whichever thread next reads the clock (a reflector's step could then run inside another's clock read).
/// </para>
/// </remarks>
internal sealed class SimulatedClock : TimeProvider, IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly Lock _advancing = new();
    private readonly List<SimulatedTimer> _armed = [];
    private readonly List<TaskCompletionSource> _armWaiters = [];
    private readonly Channel<TimeSpan> _waitsSet = Channel.CreateUnbounded<TimeSpan>();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private DateTimeOffset _now = Epoch;
    private long _order;
    private Task? _pump;
    private bool _paused;
    private int _waits;
    private TimeSpan _shortestWait = TimeSpan.MaxValue;
    private TimeSpan _longestWait;

    public SimulatedClock(TimeSpan horizon)
    {
        Horizon = horizon;
    }

    /// <summary>Timers due further out than this are not waits: the pump does not advance to them.</summary>
    public TimeSpan Horizon { get; }

    /// <summary>Simulated time since the start.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Epoch;

    /// <summary>Timers set within the horizon so far: the reflector's backoff waits.</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>The shortest and the longest wait set so far (zeros when none was).</summary>
    public (TimeSpan Shortest, TimeSpan Longest) WaitRange
    {
        get
        {
            lock (_lock)
            {
                return _waits == 0 ? default : (_shortestWait, _longestWait);
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Advances to each timer within the horizon as soon as it is set, until paused or disposed.</summary>
    public void StartPump() => _pump ??= Task.Run(() => PumpAsync(_stop.Token));

    /// <summary>The pump stops advancing (an advance in progress, with the callbacks it fires, completes first).</summary>
    public void Pause()
    {
        lock (_advancing)
        {
            _paused = true;
        }
    }

    public void Resume()
    {
        lock (_advancing)
        {
            _paused = false;
        }

        _wake.Release();
    }

    /// <summary>The length of the next wait set within the horizon (waits for it).</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) =>
        await _waitsSet.Reader.ReadAsync(cancellationToken);

    /// <summary>The due time of the earliest timer within the horizon; waits until there is one (the reflector waits).</summary>
    public async Task<DateTimeOffset> NextPendingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource armed;
            lock (_lock)
            {
                if (Earliest() is { } due)
                {
                    return due;
                }

                armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _armWaiters.Add(armed);
            }

            await armed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Time passing between two actions of a test: moves the clock on by <paramref name="step"/>, firing what falls due.</summary>
    public void Step(TimeSpan step)
    {
        lock (_advancing)
        {
            AdvanceTo(GetUtcNow() + step);
        }
    }

    /// <summary>
    /// With the pump paused: lets <paramref name="duration"/> of simulated time pass, waiting each time for the next
    /// timer to be set and firing it, so that a component that fails and backs off all along (a reflector facing a
    /// stopped server) retries exactly as often as its backoff allows within that time.
    /// </summary>
    /// <returns>How many timers fired.</returns>
    public async Task<int> AdvanceThroughAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var end = GetUtcNow() + duration;
        var fired = 0;
        while (await NextPendingAsync(cancellationToken) is var due && due <= end)
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

    /// <summary>The clock's state, for a failure message.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            var armed = string.Join(", ", _armed.Select(t => (t.Due - Epoch).TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)));
            return string.Create(CultureInfo.InvariantCulture, $"clock at {(_now - Epoch).TotalSeconds:F3}s, timers due at [{armed}] s, paused={_paused}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            await _pump;
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    /// <summary>Arms (or disarms, with an infinite due time) a timer, due <paramref name="dueTime"/> from now.</summary>
    private void Arm(SimulatedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource[] waiters = [];
        lock (_lock)
        {
            _armed.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            if (dueTime == TimeSpan.Zero)
            {
                // Due now: fired at once, as a system timer is, then armed for its period if it has one.
                ThreadPool.QueueUserWorkItem(_ => timer.Fire());
                if (period <= TimeSpan.Zero || period == Timeout.InfiniteTimeSpan)
                {
                    return;
                }

                dueTime = period;
            }

            timer.Due = _now + dueTime;
            timer.Period = period;
            timer.Order = ++_order;
            _armed.Add(timer);
            if (dueTime <= Horizon)
            {
                _waits++;
                _shortestWait = dueTime < _shortestWait ? dueTime : _shortestWait;
                _longestWait = dueTime > _longestWait ? dueTime : _longestWait;
                _waitsSet.Writer.TryWrite(dueTime);
                waiters = [.. _armWaiters];
                _armWaiters.Clear();
            }
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }

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
        var limit = _now + Horizon;
        DateTimeOffset? earliest = null;
        foreach (var timer in _armed)
        {
            if (timer.Due <= limit && (earliest is null || timer.Due < earliest))
            {
                earliest = timer.Due;
            }
        }

        return earliest;
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/> (never back), firing on this thread, earliest first, every timer
    /// due by then, those its callbacks set included. Called under <see cref="_advancing"/>, so advances never overlap.
    /// </summary>
    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            SimulatedTimer? next;
            lock (_lock)
            {
                next = _armed.Where(t => t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Order).FirstOrDefault();
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due;
                }

                _armed.Remove(next);
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due += next.Period;
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
                await _wake.WaitAsync(stop);
                while (true)
                {
                    DateTimeOffset? due;
                    lock (_lock)
                    {
                        due = Earliest();
                    }

                    lock (_advancing)
                    {
                        if (_paused || due is null)
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
        }
    }

    /// <summary>A timer of the simulated clock.</summary>
    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Order { get; set; }

        public void Fire()
        {
            if (!Volatile.Read(ref _disposed))
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Volatile.Read(ref _disposed))
            {
                return false;
            }

            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, true);
            clock.Disarm(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
