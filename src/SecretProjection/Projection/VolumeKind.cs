namespace SecretProjection.Projection;

/// <summary>The kinds of volume the planner plans.</summary>
public enum VolumeKind
{
    /// <summary>A <c>secret</c> volume.</summary>
    Secret,

    /// <summary>A <c>configMap</c> volume.</summary>
    ConfigMap,

    /// <summary>A <c>projected</c> volume.</summary>
    Projected,

    /// <summary>A <c>downwardAPI</c> volume.</summary>
    DownwardAPI,
}
