namespace SecretProjection.Environment;

/// <summary>How a variable would differ after a restart.</summary>
public enum EnvChangeKind
{
    /// <summary>The variable would appear.</summary>
    Added,

    /// <summary>The variable would disappear.</summary>
    Removed,

    /// <summary>The variable would have another value.</summary>
    Changed,
}
