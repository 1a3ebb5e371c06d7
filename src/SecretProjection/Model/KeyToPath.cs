namespace SecretProjection.Model;

/// <summary>One <c>items</c> entry: project a key at a relative path, with an optional mode and owner.</summary>
public sealed record KeyToPath
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The relative path of the file.</summary>
    public required string Path { get; init; }

    /// <summary>The permission bits (0..0777), overriding the volume's default mode.</summary>
    public int? Mode { get; init; }

    /// <summary>The owning user id of the file, overriding the volume's default user (KEP-5936).</summary>
    public long? User { get; init; }
}
