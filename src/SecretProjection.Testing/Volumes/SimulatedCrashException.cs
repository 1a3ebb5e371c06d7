namespace SecretProjection.Testing.Volumes;

/// <summary>
/// Thrown by <see cref="InMemoryVolumeFileSystem"/> when an injected crash happens and for every operation
/// after it until <see cref="InMemoryVolumeFileSystem.Restart"/>: the process "died". Deliberately not an
/// <see cref="IOException"/>, so code under test cannot handle it as an ordinary failure and clean up.
/// </summary>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
