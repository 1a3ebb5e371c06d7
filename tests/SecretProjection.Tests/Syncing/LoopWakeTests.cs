using SecretProjection.Syncing;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.Syncing;

public class LoopWakeTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_set_while_the_loop_is_busy_ends_its_next_wait_at_once()
    {
        await using var clock = new SimulatedClock();
        using var wake = new LoopWake(clock);

        wake.Set();
        var wait = wake.WaitAsync(Long);

        Assert.True(wait.IsCompleted);
        await wait;
        Assert.False(wake.WaitAsync(Long).IsCompleted); // used up: the next wait waits
    }

    [Fact]
    public async Task A_set_wakes_a_waiting_loop_and_its_timer_is_dropped()
    {
        await using var clock = new SimulatedClock();
        using var wake = new LoopWake(clock);
        var wait = wake.WaitAsync(Long).AsTask();
        Assert.Equal(Long, await clock.NextTimerAsync(Bounded()));

        wake.Set();
        await wait.WaitAsync(Hang);

        clock.Advance(Long); // the dropped timer does not fire into the next wait
        Assert.False(wake.WaitAsync(Long).IsCompleted);
    }

    [Fact]
    public async Task The_timer_wakes_the_loop_at_its_due_time()
    {
        await using var clock = new SimulatedClock();
        using var wake = new LoopWake(clock);
        var wait = wake.WaitAsync(TimeSpan.FromMinutes(1)).AsTask();

        Assert.Equal(TimeSpan.FromMinutes(1), await clock.NextTimerAsync(Bounded()));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(Hang);
    }

    [Fact]
    public async Task No_set_is_lost_between_the_loops_look_at_its_queue_and_its_wait()
    {
        // The loop's pattern: take what is queued, then wait; another thread queues, then sets. Every item must be
        // taken without the timer (an hour, never advanced), however the two interleave.
        await using var clock = new SimulatedClock();
        using var wake = new LoopWake(clock);
        const int Items = 20_000;
        var queued = 0;
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < Items; i++)
            {
                Interlocked.Increment(ref queued);
                wake.Set();
                if (i % 64 == 0)
                {
                    Thread.Yield();
                }
            }
        });

        var taken = 0;
        using var deadline = new CancellationTokenSource(Hang);
        while (taken < Items)
        {
            taken += Interlocked.Exchange(ref queued, 0);
            if (taken < Items)
            {
                await wake.WaitAsync(Long).AsTask().WaitAsync(deadline.Token);
            }
        }

        await producer.WaitAsync(Hang);
        Assert.Equal(Items, taken);
    }
}
