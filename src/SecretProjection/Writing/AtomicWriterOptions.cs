namespace SecretProjection.Writing;

/// <summary>How an atomic writer names generations and sets group ownership.</summary>
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

    /// <summary>
    /// The pod's <c>fsGroup</c>: before a generation is published, every name in the volume is given this
    /// group and group permissions (the kubelet's <c>SetVolumeOwnership</c>). Default: <see langword="null"/>, none.
    /// </summary>
    public long? FsGroup { get; set; }

    /// <summary>
    /// Whether the fsGroup step grants the group read only (<c>0440</c>, as for secret, configMap and projected
    /// volumes) or read-write (<c>0660</c>). Default: <see langword="true"/>.
    /// </summary>
    public bool ReadOnly { get; set; } = true;
}
