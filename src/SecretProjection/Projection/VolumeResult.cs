namespace SecretProjection.Projection;

/// <summary>What <see cref="VolumeProjector.Project"/> did to one volume. Names and messages only, never a file's bytes.</summary>
public sealed class VolumeResult
{
    /// <summary>The volume's name.</summary>
    public required string Volume { get; init; }

    /// <summary>Written, unchanged or failed.</summary>
    public required VolumeOutcome Outcome { get; init; }

    /// <summary>The generation <c>..data</c> points to after the write (<c>..2026_11_25_10_00_00.123456789</c>); <see langword="null"/> when it failed.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Why it failed: the plan's message (as the kubelet's event says it) or the writer's; <see langword="null"/> otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>Names the write found planted or damaged in the volume and replaced (<c>AtomicWriteResult.Replaced</c>). Default: none.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>Whether a new generation was published.</summary>
    public bool Changed => Outcome == VolumeOutcome.Written;

    /// <summary><c>volume: written ..data -> ..2026_…</c>, <c>unchanged</c>, or <c>failed: reason</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Outcome switch
    {
        VolumeOutcome.Failed => $"{Volume}: failed: {Error}",
        VolumeOutcome.Written => $"{Volume}: written, ..data -> {DataDirectory}",
        _ => $"{Volume}: unchanged, ..data -> {DataDirectory}",
    };

    internal static VolumeResult Failed(string volume, string error) => new() { Volume = volume, Outcome = VolumeOutcome.Failed, Error = error };
}
