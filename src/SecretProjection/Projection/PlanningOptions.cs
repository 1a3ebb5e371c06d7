namespace SecretProjection.Projection;

/// <summary>Options of <see cref="PodPlanner"/>.</summary>
public sealed record PlanningOptions
{
    /// <summary>The defaults.</summary>
    public static PlanningOptions Default { get; } = new();

    /// <summary>
    /// Whether files get the owners named by <c>defaultUser</c> and <c>items[].user</c> (KEP-5936, the
    /// <c>AtomicWriteVolumeUserFields</c> feature gate). Default: <see langword="true"/>: the API server drops
    /// these fields while the gate is off, so a pod that carries them comes from a cluster that has it on.
    /// </summary>
    public bool UserFields { get; init; } = true;
}
