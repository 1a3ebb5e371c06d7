namespace SecretProjection.Writing;

/// <summary>
/// Projects payloads into one volume directory so that a reader always sees one complete generation
/// (upstream's <c>AtomicWriter</c>). Calls on one instance are serialized; use one instance per volume.
/// </summary>
public interface IAtomicWriter
{
    /// <summary>
    /// Cleans what an interrupted earlier write left, then publishes <paramref name="payload"/> unless the
    /// current generation already holds the same bytes at the same paths (the user-visible links are then
    /// recreated if missing, and nothing is written otherwise).
    /// </summary>
    /// <param name="payload">The files by relative path.</param>
    /// <returns>Whether a new generation was published, and which.</returns>
    /// <exception cref="InvalidPayloadException">A path is not allowed; nothing was touched.</exception>
    /// <exception cref="IOException">The file system failed; the previous generation is still what readers see.</exception>
    AtomicWriteResult Write(VolumePayload payload);
}
