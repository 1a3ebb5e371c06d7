namespace SecretProjection.Projection;

/// <summary>What projecting a volume did.</summary>
public enum VolumeOutcome
{
    /// <summary>A new generation was published.</summary>
    Written,

    /// <summary>The volume already held the payload: nothing was written (a missing visible link may have been made again).</summary>
    Unchanged,

    /// <summary>The volume cannot be set up, or the write failed; it keeps its previous contents.</summary>
    Failed,
}
