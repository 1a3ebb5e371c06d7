using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// Carries a watch's <c>ERROR</c> event out of KubernetesClient's watch enumerator, which reports it only to an
/// error callback; thrown from that callback, it ends the client's enumeration at once.
/// </summary>
internal sealed class WatchStatusException : Exception
{
    public WatchStatusException()
    {
    }

    public WatchStatusException(string message)
        : base(message)
    {
    }

    public WatchStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WatchStatusException(SourceStatus status)
        : base(status?.Message) => Status = status;

    public SourceStatus? Status { get; }
}
