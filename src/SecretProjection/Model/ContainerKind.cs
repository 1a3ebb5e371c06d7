namespace SecretProjection.Model;

/// <summary>Which list of the pod spec a container comes from.</summary>
public enum ContainerKind
{
    /// <summary><c>spec.containers</c>.</summary>
    Regular,

    /// <summary><c>spec.initContainers</c>.</summary>
    Init,

    /// <summary><c>spec.ephemeralContainers</c>.</summary>
    Ephemeral,
}
