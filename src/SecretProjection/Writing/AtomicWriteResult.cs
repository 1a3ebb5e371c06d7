namespace SecretProjection.Writing;

/// <summary>The outcome of one successful atomic write.</summary>
/// <param name="Changed">Whether a new generation was published (<see langword="false"/>: the data was already there).</param>
/// <param name="DataDirectory">The timestamped directory <c>..data</c> points to after the write (<c>..2026_11_25_10_00_00.123456789</c>).</param>
public sealed record AtomicWriteResult(bool Changed, string DataDirectory)
{
    /// <summary>
    /// Names the write found damaged and replaced, in the order it met them: <c>..data</c> when it was not a link to
    /// a generation, and visible names that were not the link <c>name -> ..data/name</c> (someone planted a link
    /// elsewhere, a file or a directory there). Upstream keeps such visible names; readers would get their content.
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];
}
