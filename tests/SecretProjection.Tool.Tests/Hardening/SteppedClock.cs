using Microsoft.Extensions.Time.Testing;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// A fake clock that tells which timers were set, so that a test moves it only once a component waits: a wait
/// set after the clock moved would start from the new time and never end.
/// </summary>
internal sealed class SteppedClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _unclaimed = [];
    private TaskCompletionSource _set = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SteppedClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource set;
        lock (_lock)
        {
            _unclaimed.Add(dueTime);
            set = _set;
            _set = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        set.TrySetResult();
        return timer;
    }

    /// <summary>
    /// Waits until a timer of <paramref name="due"/> is set (one not claimed before; timers are set to the
    /// millisecond, below it), then moves the clock by it.
    /// </summary>
    public async Task AdvanceWhenSetAsync(TimeSpan due)
    {
        using var bound = new CancellationTokenSource(RunningTool.HangBound);
        while (true)
        {
            Task set;
            lock (_lock)
            {
                var index = _unclaimed.FindIndex(set => set <= due && due - set < TimeSpan.FromMilliseconds(1));
                if (index >= 0)
                {
                    _unclaimed.RemoveAt(index);
                    break;
                }

                set = _set.Task;
            }

            await WaitAsync(set, bound.Token, $"no timer of {due} was set");
        }

        Advance(due);
    }

    /// <summary>Waits until some timer is set (one not claimed before), and claims every timer set so far: the component waits now.</summary>
    public async Task WaitUntilWaitingAsync()
    {
        using var bound = new CancellationTokenSource(RunningTool.HangBound);
        while (true)
        {
            Task set;
            lock (_lock)
            {
                if (_unclaimed.Count > 0)
                {
                    _unclaimed.Clear();
                    return;
                }

                set = _set.Task;
            }

            await WaitAsync(set, bound.Token, "no timer was set");
        }
    }

    private async Task WaitAsync(Task set, CancellationToken bound, string failure)
    {
        try
        {
            await set.WaitAsync(bound);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                throw new TimeoutException($"{failure} within {RunningTool.HangBound.TotalSeconds} s; unclaimed timers: {string.Join(", ", _unclaimed)}");
            }
        }
    }
}
