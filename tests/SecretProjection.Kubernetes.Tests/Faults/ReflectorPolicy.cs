namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// What client-go's reflector backoff (the managers' defaults: 0.8 s doubling to 30 s, each wait its base plus up
/// to as much again, reset after 2 min without a failure) allows, to bound the requests a test counts.
/// </summary>
internal static class ReflectorPolicy
{
    /// <summary>The shortest wait: the initial base, with no jitter.</summary>
    public static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait: the 30 s cap on the base, and as much again of jitter.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MaxBase = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most attempts a reflector that fails every attempt can make within <paramref name="window"/>: one at its
    /// start, then one after each wait that ends within it, the waits being at their shortest (0.8, 1.6, 3.2, … s,
    /// capped at 30 s, no jitter) as after a reset. Within a run of failures the waits never reset, since none is
    /// longer than 60 s.
    /// </summary>
    public static int MaxAttempts(TimeSpan window)
    {
        var attempts = 1;
        var elapsed = TimeSpan.Zero;
        for (var wait = ShortestWait; elapsed + wait <= window; wait = wait * 2 < MaxBase ? wait * 2 : MaxBase)
        {
            elapsed += wait;
            attempts++;
        }

        return attempts;
    }
}
