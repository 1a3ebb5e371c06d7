namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// A manifest could not be read: malformed YAML or JSON, bad base64, a duplicate key. The message names the
/// source and, when known, the line; it never quotes secret values.
/// </summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name, or <c>-</c> for standard input.</param>
    /// <param name="line">The 1-based line, when known.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception.</param>
    public ManifestException(string source, int? line, string problem, Exception? inner = null)
        : base(line is { } l ? $"{source}:{l}: {problem}" : $"{source}: {problem}", inner)
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception.</summary>
    public ManifestException()
        : this("-", null, "unreadable manifest")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ManifestException(string message)
        : this("-", null, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying exception.</param>
    public ManifestException(string message, Exception innerException)
        : this("-", null, message, innerException)
    {
    }

    /// <summary>The file name, or <c>-</c> for standard input.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line, when known.</summary>
    public int? Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
