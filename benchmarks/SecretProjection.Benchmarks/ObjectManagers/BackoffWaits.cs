namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>How the reflectors' backoff waits run in a relist benchmark.</summary>
public enum BackoffWaits
{
    /// <summary>Fired at once (<see cref="RelistClock.FireWaitsAtOnce"/>): the relist's work alone.</summary>
    Immediate,

    /// <summary>Waited out as client-go's reflector does: 0.8 s plus up to as much again at random.</summary>
    Policy,
}
