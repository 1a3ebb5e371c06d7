namespace SecretProjection.Writing;

/// <summary>The outcome of one successful atomic write.</summary>
/// <param name="Changed">Whether a new generation was published (<see langword="false"/>: the data was already there).</param>
/// <param name="DataDirectory">The timestamped directory <c>..data</c> points to after the write (<c>..2026_11_25_10_00_00.123456789</c>).</param>
public sealed record AtomicWriteResult(bool Changed, string DataDirectory);
