namespace SecretProjection.Writing;

/// <summary>The outcome of one successful atomic write.</summary>
public sealed class AtomicWriteResult
{
    /// <summary>Initializes a new instance of the <see cref="AtomicWriteResult"/> class.</summary>
    /// <param name="changed">Whether a new generation was published (<see langword="false"/>: the data was already there).</param>
    /// <param name="dataDirectory">The timestamped directory <c>..data</c> points to after the write (<c>..2026_11_25_10_00_00.123456789</c>).</param>
    public AtomicWriteResult(bool changed, string dataDirectory)
    {
        Changed = changed;
        DataDirectory = dataDirectory;
    }

    /// <summary>Whether a new generation was published (<see langword="false"/>: the data was already there).</summary>
    public bool Changed { get; }

    /// <summary>The timestamped directory <c>..data</c> points to after the write (<c>..2026_11_25_10_00_00.123456789</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Names the write found damaged and replaced, in the order it met them: <c>..data</c> when it was not a link to
    /// a generation, and visible names that were not the link <c>name -> ..data/name</c> (someone planted a link
    /// elsewhere, a file or a directory there). Upstream keeps such visible names; readers would get their content.
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];
}
