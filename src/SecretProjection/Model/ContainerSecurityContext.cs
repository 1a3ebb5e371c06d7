namespace SecretProjection.Model;

/// <summary>The container-level identities that decide who owns a projected token file.</summary>
public sealed record ContainerSecurityContext
{
    /// <summary>Nothing set.</summary>
    public static ContainerSecurityContext None { get; } = new();

    /// <summary><c>runAsUser</c>, when set; it overrides the pod's.</summary>
    public long? RunAsUser { get; init; }
}
