using SecretProjection.Testing.Time;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>What the relist fleets share.</summary>
internal static class RelistFleet
{
    /// <summary>The longest wait the managers' clock advances to by itself: a backoff wait is at most 60 s.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(1);

    /// <summary>The managers' clock of a relist fleet (<see cref="IRelistFleet.Clock"/>), advancing by itself.</summary>
    public static SimulatedClock RelistClock()
    {
        var clock = new SimulatedClock { Horizon = LongestBackoff };
        clock.StartAutoAdvance();
        return clock;
    }
}
