namespace SecretProjection.Model;

/// <summary>A pod volume. Exactly one source is set; kinds outside this library's scope are named by <see cref="OtherKind"/>.</summary>
public sealed record Volume
{
    /// <summary>The volume name.</summary>
    public required string Name { get; init; }

    /// <summary>A <c>secret</c> volume.</summary>
    public SecretVolumeSource? Secret { get; init; }

    /// <summary>A <c>configMap</c> volume.</summary>
    public ConfigMapVolumeSource? ConfigMap { get; init; }

    /// <summary>A <c>projected</c> volume.</summary>
    public ProjectedVolumeSource? Projected { get; init; }

    /// <summary>A <c>downwardAPI</c> volume.</summary>
    public DownwardApiVolumeSource? DownwardApi { get; init; }

    /// <summary>The kind of any other volume (<c>emptyDir</c>, <c>hostPath</c>, …), which this library does not plan.</summary>
    public string? OtherKind { get; init; }
}
