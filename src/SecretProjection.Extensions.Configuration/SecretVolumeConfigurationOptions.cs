namespace SecretProjection.Extensions.Configuration;

/// <summary>
/// How a projected volume becomes configuration: one key per top-level file, with the conventions of
/// <c>Microsoft.Extensions.Configuration.KeyPerFile</c>.
/// </summary>
public sealed class SecretVolumeConfigurationOptions
{
    /// <summary>
    /// Whether a missing directory is allowed (it then adds no keys, and its keys appear once a generation
    /// does). Defaults to <see langword="false"/>: a missing directory fails the configuration build.
    /// </summary>
    public bool Optional { get; set; }

    /// <summary>
    /// Whether to reload at each generation swap of the volume. Defaults to <see langword="true"/>.
    /// </summary>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>
    /// The part of a file name that stands for the configuration section delimiter <c>:</c>, so that the
    /// file <c>Database__ConnectionString</c> becomes the key <c>Database:ConnectionString</c>.
    /// Defaults to <c>__</c>.
    /// </summary>
    public string SectionDelimiter { get; set; } = "__";

    /// <summary>
    /// Files whose names start with this prefix (ordinal) add no key; <see langword="null"/> ignores none.
    /// Defaults to <c>ignore.</c>.
    /// </summary>
    public string? IgnorePrefix { get; set; } = "ignore.";

    /// <summary>
    /// Decides, from a file name, whether the file adds no key. Defaults to <see langword="null"/>: the
    /// <see cref="IgnorePrefix"/> decides. The writer's own <c>..</c> entries are always skipped.
    /// </summary>
    public Func<string, bool>? IgnoreCondition { get; set; }

    /// <summary>
    /// How the volume is watched when <see cref="ReloadOnChange"/> is set. Defaults to the defaults of
    /// <see cref="SecretVolumeWatchOptions"/>.
    /// </summary>
    public SecretVolumeWatchOptions Watch { get; } = new();
}
