namespace SecretProjection.Writing;

/// <summary>Creates atomic writers (the kubelet's projection of secret, configMap and projected volumes).</summary>
/// <remarks>
/// Layout, as upstream: the files live in a hidden <c>..2026_11_25_10_00_00.123456789/</c> directory,
/// <c>..data</c> links to it, and each top-level name is a link <c>name -> ..data/name</c>. A new generation
/// is published by renaming a <c>..data_tmp</c> link over <c>..data</c>, so readers never need locks.
/// <para>Writes through writers sharing one <see cref="IVolumeFileSystem"/> instance are serialized (the writer locks that instance).</para>
/// </remarks>
public static class AtomicWriter
{
    /// <summary>Creates a writer for the volume that <paramref name="fileSystem"/> is rooted at.</summary>
    /// <param name="fileSystem">The volume directory.</param>
    /// <param name="options">Clock and random source; defaults when <see langword="null"/>.</param>
    /// <returns>The writer.</returns>
    public static IAtomicWriter Create(IVolumeFileSystem fileSystem, AtomicWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        return new VolumeWriter(fileSystem, options ?? new AtomicWriterOptions());
    }
}
