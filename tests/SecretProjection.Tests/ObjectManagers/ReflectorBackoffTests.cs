using SecretProjection.ObjectManagers;
using SecretProjection.Testing.Time;

namespace SecretProjection.Tests.ObjectManagers;

public class ReflectorBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Reset = TimeSpan.FromMinutes(2);

    [Fact]
    public void Without_jitter_the_base_doubles_from_800ms_up_to_30s()
    {
        var clock = new SimulatedClock();
        var backoff = new ReflectorBackoff(Initial, Max, Reset, clock, () => 0);

        var waits = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30], waits);
    }

    [Fact]
    public void Full_jitter_adds_as_much_again_so_waits_stop_at_30_to_60s()
    {
        var clock = new SimulatedClock();
        var backoff = new ReflectorBackoff(Initial, Max, Reset, clock, () => 1);

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 60, 60], waits);
    }

    [Fact]
    public void More_than_two_minutes_after_the_last_wait_began_it_starts_over()
    {
        var clock = new SimulatedClock();
        var backoff = new ReflectorBackoff(Initial, Max, Reset, clock, () => 0);
        backoff.Next();
        backoff.Next();
        clock.Advance(Reset);
        Assert.Equal(3.2, backoff.Next().TotalSeconds);

        clock.Advance(Reset + TimeSpan.FromTicks(1));

        Assert.Equal(0.8, backoff.Next().TotalSeconds);
    }
}
