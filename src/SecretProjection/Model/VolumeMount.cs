namespace SecretProjection.Model;

/// <summary>One <c>volumeMounts</c> entry of a container.</summary>
public sealed record VolumeMount
{
    /// <summary>The volume name.</summary>
    public required string Name { get; init; }

    /// <summary>The path inside the container.</summary>
    public required string MountPath { get; init; }

    /// <summary>A path inside the volume to mount instead of its root. Default: empty.</summary>
    public string SubPath { get; init; } = string.Empty;

    /// <summary>Like <see cref="SubPath"/>, with <c>$(VAR)</c> expanded from the container's environment. Default: empty.</summary>
    public string SubPathExpr { get; init; } = string.Empty;

    /// <summary>Whether the mount is read-only. Default: <see langword="false"/>.</summary>
    public bool ReadOnly { get; init; }
}
