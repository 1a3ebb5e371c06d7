using SecretProjection.Writing;

namespace SecretProjection.Projection;

/// <summary>
/// The plan of one secret, configMap or projected volume: the files the kubelet would write, or why it could not.
/// A failed plan has no files: a partial payload is never presented as one.
/// </summary>
public sealed class VolumePlan
{
    internal VolumePlan()
    {
    }

    /// <summary>The volume name.</summary>
    public string Name { get; internal init; } = string.Empty;

    /// <summary>The volume kind.</summary>
    public VolumeKind Kind { get; internal init; }

    /// <summary>The files in ordinal path order; empty when <see cref="Errors"/> is not.</summary>
    public IReadOnlyList<PlannedFile> Files { get; internal init; } = [];

    /// <summary>Why the volume cannot be set up; empty when it can.</summary>
    public IReadOnlyList<PlanError> Errors { get; internal init; } = [];

    /// <summary>
    /// Whether the content can never change: every source exists and is immutable, so the kubelet stops
    /// watching it.
    /// </summary>
    public bool NeverChanges { get; internal init; }

    /// <summary>
    /// The group the volume gets (the pod's <c>fsGroup</c>): its directories get it with set-group-id, and each file
    /// has it as <see cref="PlannedFile.Group"/>; <see langword="null"/> for none.
    /// </summary>
    public long? FsGroup { get; internal init; }

    /// <summary>What a reader of the plan should know about the volume as a whole.</summary>
    public IReadOnlyList<string> Notes { get; internal init; } = [];

    /// <summary>Whether the volume can be set up.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// The kubelet's message for the failure: the single error's message, or the errors as Go's aggregate
    /// prints them (<c>[a, b]</c>); <see langword="null"/> when the plan succeeded.
    /// </summary>
    public string? ErrorMessage => Errors.Count switch
    {
        0 => null,
        1 => Errors[0].Message,
        _ => "[" + string.Join(", ", Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)) + "]",
    };

    /// <summary>
    /// The hand-off to the atomic writer: each file's bytes, the mode the container sees (which the writer sets
    /// exactly), its user and group, and the volume's group: the writer needs nothing else from the pod.
    /// </summary>
    /// <returns>The payload.</returns>
    /// <exception cref="InvalidOperationException">The plan failed; there is nothing to write.</exception>
    public VolumePayload ToPayload()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException($"Volume \"{Name}\" cannot be set up; there is no payload to write.");
        }

        return new VolumePayload(Files.Select(f => KeyValuePair.Create(f.Path, new PayloadFile(f.Data, f.EffectiveMode, f.User, f.Group))), FsGroup);
    }
}
