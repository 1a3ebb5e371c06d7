namespace SecretProjection.Environment;

/// <summary>Why the kubelet would not start a container: its environment cannot be built.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">The kubelet's message, such as <c>secret "db" not found</c>; never a value.</param>
/// <param name="Field">The field that holds the failing reference, such as <c>spec.containers[0].env[1].valueFrom.secretKeyRef</c>.</param>
public sealed record ContainerStartError(EnvErrorKind Kind, string Message, string Field)
{
    /// <summary>The container status reason the kubelet reports: <c>CreateContainerConfigError</c>.</summary>
    public const string CreateContainerConfigError = "CreateContainerConfigError";

    /// <summary>The waiting reason of the container: always <see cref="CreateContainerConfigError"/>.</summary>
    public string Reason => CreateContainerConfigError;

    /// <summary>Whether the lookup itself failed, rather than finding nothing.</summary>
    public bool IsLookupFailure => Kind is EnvErrorKind.SecretLookupFailed or EnvErrorKind.ConfigMapLookupFailed;
}
