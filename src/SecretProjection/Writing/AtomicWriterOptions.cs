namespace SecretProjection.Writing;

/// <summary>
/// The services an atomic writer uses: a clock and a source of randomness for the generation names. What it writes,
/// modes and owners included, is the payload's.
/// </summary>
public sealed class AtomicWriterOptions
{
    /// <summary>The clock for the timestamped directory names (UTC). Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

#pragma warning disable RS0030 // Banned API: the default of an injected Random.
    /// <summary>
    /// The source of the random decimal suffix of a timestamped directory name (as Go's <c>os.MkdirTemp</c>:
    /// an unsigned 32-bit number). Default: <see cref="Random.Shared"/>.
    /// </summary>
    public Random Random { get; set; } = Random.Shared;
#pragma warning restore RS0030
}
