using System.Globalization;
using SecretProjection.Environment;
using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>One thing a pod sync did: a volume written, unchanged or failed, a change in environment drift, or the end of its pod. Never holds values.</summary>
public sealed record SyncEvent
{
    /// <summary>What happened.</summary>
    public required SyncEventKind Kind { get; init; }

    /// <summary><c>namespace/name</c> of the pod.</summary>
    public required string Pod { get; init; }

    /// <summary>Why the work was done.</summary>
    public required SyncTrigger Trigger { get; init; }

    /// <summary>When it happened, by the sync's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The volume, for the volume kinds; <see langword="null"/> for <see cref="SyncEventKind.EnvDrift"/> and <see cref="SyncEventKind.PodDeleted"/>.</summary>
    public string? Volume { get; init; }

    /// <summary>The objects whose change led to it, for <see cref="SyncTrigger.Change"/>. Default: none.</summary>
    public IReadOnlyList<ObjectReference> Changed { get; init; } = [];

    /// <summary>The generation directory <c>..data</c> points to, for <see cref="SyncEventKind.VolumeWritten"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The planner's or the writer's message, for <see cref="SyncEventKind.VolumeFailed"/>: <c>secret "db" not found</c>;
    /// for <see cref="SyncEventKind.PodDeleted"/>, the uid that now has the pod's name when another pod replaced it.
    /// </summary>
    public string? Message { get; init; }

    /// <summary>
    /// For <see cref="SyncEventKind.EnvDrift"/>: the containers a restart would change (or could not restart), compared
    /// with their environments when the sync started; empty when none drifts any more. Default: none.
    /// </summary>
    public IReadOnlyList<EnvDriftResult> Drift { get; init; } = [];

    /// <summary>How long planning and writing the volume took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>One line for people: <c>volume db written (..2026_01_01_00_00_00.1) after Secret ns/db changed</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var cause = Cause;
        return Kind switch
        {
            SyncEventKind.VolumeWritten => $"volume {Volume} written ({DataDirectory}){cause}",
            SyncEventKind.VolumeUnchanged => $"volume {Volume} unchanged{cause}",
            SyncEventKind.VolumeFailed => $"volume {Volume} failed: {Message}{cause}",
            SyncEventKind.PodDeleted => $"pod deleted, the sync ends{(Message is null ? string.Empty : ": " + Message)}",
            _ => (Drift.Count == 0 ? "no restart required any more" : "restart required: " + string.Join("; ", Drift.Select(Describe))) + cause,
        };
    }

    /// <summary>Why, as the end of a line: <c> after Secret ns/db changed</c>, <c> (initial sync)</c>.</summary>
    internal string Cause => Trigger switch
    {
        SyncTrigger.Change when Changed.Count > 0 => " after " + string.Join(", ", Changed) + " changed",
        SyncTrigger.Periodic => " (periodic sync)",
        SyncTrigger.Initial => " (initial sync)",
        SyncTrigger.Retry => " (retry)",
        SyncTrigger.TokenRefresh => " (token refresh)",
        SyncTrigger.PodUpdate => " (pod update)",
        _ => string.Empty,
    };

    private static string Describe(EnvDriftResult drift) =>
        drift.RestartError is { } error
            ? $"{drift.ContainerName} could not start again: {error.Message}"
            : string.Create(CultureInfo.InvariantCulture, $"{drift.ContainerName} ({string.Join(", ", drift.Changes.Select(c => c.Name + " " + c.Kind.ToString().ToLowerInvariant()))})");
}
