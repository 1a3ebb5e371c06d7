using Microsoft.Extensions.Time.Testing;
using SecretProjection.Testing.Time;

namespace SecretProjection.Testing.Tests.Time;

public sealed class SimulatedClockTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SimulatedClock _clock = new();
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromSeconds(60));

    private CancellationToken Hang => _hang.Token;

    public async ValueTask DisposeAsync()
    {
        await _clock.DisposeAsync();
        _hang.Dispose();
    }

    [Fact]
    public void An_advance_fires_each_timer_at_its_due_time_earliest_first_and_those_its_callbacks_set()
    {
        var fired = new List<string>();
        using var late = _clock.CreateTimer(_ => fired.Add($"late at {Seconds()}"), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        ITimer? retry = null;
        using var early = _clock.CreateTimer(
            _ =>
            {
                fired.Add($"early at {Seconds()}");
                retry = _clock.CreateTimer(_ => fired.Add($"retry at {Seconds()}"), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(10),
            Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(["early at 10", "retry at 15", "late at 30"], fired);
        Assert.Equal(TimeSpan.FromMinutes(1), _clock.Elapsed);
        retry!.Dispose();
    }

    [Fact]
    public void A_retry_set_by_a_callback_fires_within_the_same_advance_where_FakeTimeProvider_moves_to_the_end_first()
    {
        static int Retries(TimeProvider clock, Action<TimeSpan> advance)
        {
            var fired = 0;
            void Arm() => clock.CreateTimer(_ => { fired++; Arm(); }, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
            Arm();
            advance(TimeSpan.FromSeconds(35));
            return fired;
        }

        var fake = new FakeTimeProvider();

        Assert.Equal(3, Retries(_clock, _clock.Advance));
        Assert.Equal(1, Retries(fake, fake.Advance));
    }

    [Fact]
    public void Timers_due_together_fire_in_the_order_they_were_set_and_a_periodic_timer_every_period()
    {
        var fired = new List<string>();
        using var second = _clock.CreateTimer(_ => fired.Add("b"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var first = _clock.CreateTimer(_ => fired.Add("a"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var periodic = _clock.CreateTimer(_ => fired.Add("p" + Seconds()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(["p1", "b", "a", "p2", "p3"], fired);
    }

    [Fact]
    public void A_disposed_or_disarmed_timer_does_not_fire_and_a_changed_one_fires_at_its_new_time()
    {
        var fired = new List<string>();
        var disposed = _clock.CreateTimer(_ => fired.Add("disposed"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var disarmed = _clock.CreateTimer(_ => fired.Add("disarmed"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var changed = _clock.CreateTimer(_ => fired.Add("changed at " + Seconds()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        disposed.Dispose();
        Assert.True(disarmed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.True(changed.Change(TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["changed at 4"], fired);
        Assert.False(disposed.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task A_timer_due_at_once_fires_without_an_advance()
    {
        var fired = new TaskCompletionSource();

        using var timer = _clock.CreateTimer(_ => fired.SetResult(), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        await fired.Task.WaitAsync(Hang);
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
    }

    [Fact]
    public async Task Timers_set_are_told_in_order_each_taken_once()
    {
        var delays = new[] { 3, 1, 2 }.Select(s => Task.Delay(TimeSpan.FromSeconds(s), _clock, Hang)).ToArray();

        var told = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            told.Add((await _clock.NextTimerAsync(Hang)).TotalSeconds);
        }

        Assert.Equal([3, 1, 2], told);
        Assert.Equal([3, 1, 2], _clock.TimersSet.Select(t => t.TotalSeconds));
        var none = _clock.NextTimerAsync(Hang);
        Assert.False(none.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(delays);
    }

    [Fact]
    public async Task Advance_when_set_waits_for_the_timer_then_moves_by_it()
    {
        var advanced = _clock.AdvanceWhenSetAsync(TimeSpan.FromSeconds(5), Hang);
        Assert.False(advanced.IsCompleted);

        var other = Task.Delay(TimeSpan.FromSeconds(30), _clock, Hang);
        var delay = Task.Delay(TimeSpan.FromSeconds(5), _clock, Hang);

        await advanced;
        await delay;
        Assert.False(other.IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(30), await _clock.NextTimerAsync(Hang));
    }

    [Fact]
    public async Task Waiting_for_timers_takes_every_timer_set_so_far()
    {
        _ = Task.Delay(TimeSpan.FromSeconds(1), _clock, Hang);
        _ = Task.Delay(TimeSpan.FromSeconds(2), _clock, Hang);

        await _clock.WaitForTimersAsync(Hang);

        Assert.False(_clock.NextTimerAsync(Hang).IsCompleted);
    }

    [Fact]
    public async Task A_wait_that_is_cancelled_says_what_the_clock_holds()
    {
        _ = Task.Delay(TimeSpan.FromSeconds(2), _clock, Hang);
        await _clock.NextTimerAsync(Hang);
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var failure = await Assert.ThrowsAsync<OperationCanceledException>(() => _clock.AdvanceWhenSetAsync(TimeSpan.FromSeconds(7), soon.Token));

        Assert.Equal("no timer of 00:00:07 was set before the wait was cancelled; clock at 0.000 s, timers due at [2.000] s, not taken [], paused=False", failure.Message);
    }

    [Fact]
    public async Task The_automatic_advance_moves_to_each_timer_within_the_horizon_as_soon_as_it_is_set()
    {
        await using var clock = new SimulatedClock(Epoch) { Horizon = TimeSpan.FromMinutes(2) };
        clock.StartAutoAdvance();
        var beyond = Task.Delay(TimeSpan.FromMinutes(10), clock, Hang);

        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(40), clock, Hang);
        }

        Assert.Equal(TimeSpan.FromSeconds(120), clock.Elapsed);
        Assert.False(beyond.IsCompleted);
    }

    [Fact]
    public async Task Paused_it_stops_and_advance_through_fires_each_retry_due_within_the_time()
    {
        await using var clock = new SimulatedClock(Epoch) { Horizon = TimeSpan.FromMinutes(1) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Hang);
        clock.StartAutoAdvance();
        clock.PauseAutoAdvance();
        var retries = 0;
        var loop = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), clock, stop.Token);
                Interlocked.Increment(ref retries);
            }
        });
        await clock.NextDueAsync(Hang);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);

        var fired = await clock.AdvanceThroughAsync(TimeSpan.FromSeconds(35), Hang);

        Assert.Equal((3, TimeSpan.FromSeconds(35)), (fired, clock.Elapsed));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Equal(3, retries);
    }

    [Fact]
    public async Task Resumed_it_goes_on()
    {
        await using var clock = new SimulatedClock(Epoch);
        clock.StartAutoAdvance();
        clock.PauseAutoAdvance();
        var delay = Task.Delay(TimeSpan.FromHours(1), clock, Hang);
        await clock.NextDueAsync(Hang);
        Assert.False(delay.IsCompleted);

        clock.ResumeAutoAdvance();

        await delay;
        Assert.Equal(TimeSpan.FromHours(1), clock.Elapsed);
    }

    private string Seconds() => _clock.Elapsed.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
