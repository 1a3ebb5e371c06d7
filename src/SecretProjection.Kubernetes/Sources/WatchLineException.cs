namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// A watch line KubernetesClient could not read (half an event from a stream cut mid-line, or not JSON),
/// thrown from its error callback so that the enumeration stops instead of skipping the line.
/// </summary>
internal sealed class WatchLineException : Exception
{
    public WatchLineException()
    {
    }

    public WatchLineException(string message)
        : base(message)
    {
    }

    public WatchLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
