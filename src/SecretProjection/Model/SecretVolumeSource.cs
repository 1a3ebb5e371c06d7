namespace SecretProjection.Model;

/// <summary>A <c>secret</c> volume.</summary>
public sealed record SecretVolumeSource
{
    /// <summary>The largest legal mode, 0777.</summary>
    public const int MaxMode = 0x1FF;

    /// <summary>The mode of projected files when the volume names none: 0644.</summary>
    public const int DefaultModeValue = 0x1A4;

    /// <summary>The Secret's name.</summary>
    public required string SecretName { get; init; }

    /// <summary>The keys to project; when empty, every key is projected at its own name. Default: none.</summary>
    public IReadOnlyList<KeyToPath> Items { get; init; } = [];

    /// <summary>The mode of each file without its own. Default: <see langword="null"/>, which means 0644.</summary>
    public int? DefaultMode { get; init; }

    /// <summary>The owning user id of each file without its own (KEP-5936). Default: not set.</summary>
    public long? DefaultUser { get; init; }

    /// <summary>Whether the Secret or its listed keys may be missing. Default: <see langword="false"/>.</summary>
    public bool Optional { get; init; }
}
