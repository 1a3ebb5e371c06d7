namespace SecretProjection.Extensions.Configuration.Volumes;

/// <summary>A top-level file of one generation.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Content">The file's bytes; never printed.</param>
internal sealed record VolumeFile(string Name, byte[] Content)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Content.Length} bytes)";
}
