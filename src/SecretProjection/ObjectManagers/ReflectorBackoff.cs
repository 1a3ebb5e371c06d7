namespace SecretProjection.ObjectManagers;

/// <summary>
/// client-go's reflector backoff (<c>wait.NewExponentialBackoffManager(800ms, 30s, 2m, 2.0, 1.0)</c>): each wait
/// is the current base plus up to as much again at random; the base doubles after each wait until it reaches the
/// maximum, and starts over at the initial value when the previous wait began more than the reset period ago.
/// The base sequence with the defaults: 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, … seconds.
/// </summary>
internal sealed class ReflectorBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly TimeSpan _reset;
    private readonly TimeProvider _time;
    private readonly Func<double> _jitter;
    private TimeSpan _base;
    private DateTimeOffset _lastStart;

    public ReflectorBackoff(TimeSpan initial, TimeSpan max, TimeSpan reset, TimeProvider time, Func<double> jitter)
    {
        _initial = initial;
        _max = max;
        _reset = reset;
        _time = time;
        _jitter = jitter;
        _base = initial;
        _lastStart = time.GetUtcNow();
    }

    /// <summary>The next wait.</summary>
    public TimeSpan Next()
    {
        var now = _time.GetUtcNow();
        if (now - _lastStart > _reset)
        {
            _base = _initial;
        }

        _lastStart = now;
        var current = _base;
        _base = current * 2 > _max ? _max : current * 2;

        return current + (current * Math.Clamp(_jitter(), 0, 1));
    }
}
