namespace SecretProjection.Model;

/// <summary>One <c>items</c> entry of a <c>downwardAPI</c> volume or projection: a file holding one pod field.</summary>
public sealed record DownwardApiVolumeFile
{
    /// <summary>The relative path of the file.</summary>
    public required string Path { get; init; }

    /// <summary>A field of the pod. Exactly one of this and <see cref="ResourceFieldRef"/> is set.</summary>
    public ObjectFieldSelector? FieldRef { get; init; }

    /// <summary>A container's resource request or limit.</summary>
    public ResourceFieldSelector? ResourceFieldRef { get; init; }

    /// <summary>The permission bits (0..0777), overriding the volume's default mode.</summary>
    public int? Mode { get; init; }
}
