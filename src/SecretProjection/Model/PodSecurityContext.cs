namespace SecretProjection.Model;

/// <summary>The pod-level identities that decide the owners and modes of projected files.</summary>
public sealed record PodSecurityContext
{
    /// <summary>Nothing set.</summary>
    public static PodSecurityContext None { get; } = new();

    /// <summary><c>runAsUser</c>, when set.</summary>
    public long? RunAsUser { get; init; }

    /// <summary><c>runAsGroup</c>, when set.</summary>
    public long? RunAsGroup { get; init; }

    /// <summary><c>fsGroup</c>, when set: projected files get this group and the group bits of their owner bits.</summary>
    public long? FsGroup { get; init; }
}
