namespace SecretProjection.Environment;

/// <summary>Why the kubelet would not start a container: its environment cannot be built.</summary>
public sealed record ContainerStartError
{
    /// <summary>Initializes a new instance of the <see cref="ContainerStartError"/> record.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">The kubelet's message, such as <c>secret "db" not found</c>; never a value.</param>
    /// <param name="field">The field that holds the failing reference, such as <c>spec.containers[0].env[1].valueFrom.secretKeyRef</c>.</param>
    public ContainerStartError(EnvErrorKind kind, string message, string field)
    {
        Kind = kind;
        Message = message;
        Field = field;
    }

    /// <summary>What went wrong.</summary>
    public EnvErrorKind Kind { get; }

    /// <summary>The kubelet's message, such as <c>secret "db" not found</c>; never a value.</summary>
    public string Message { get; }

    /// <summary>The field that holds the failing reference, such as <c>spec.containers[0].env[1].valueFrom.secretKeyRef</c>.</summary>
    public string Field { get; }

    /// <summary>The container status reason the kubelet reports: <c>CreateContainerConfigError</c>.</summary>
    public const string CreateContainerConfigError = "CreateContainerConfigError";

    /// <summary>The waiting reason of the container: always <see cref="CreateContainerConfigError"/>.</summary>
    public string Reason => CreateContainerConfigError;

    /// <summary>Whether the lookup itself failed, rather than finding nothing.</summary>
    public bool IsLookupFailure => Kind is EnvErrorKind.SecretLookupFailed or EnvErrorKind.ConfigMapLookupFailed;
}
