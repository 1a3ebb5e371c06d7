using System.Collections;
using System.Diagnostics;

namespace SecretProjection.Writing;

/// <summary>
/// What the atomic writer writes into one volume: relative path (<c>a/b</c>) to file, in ordinal path order, each
/// with its exact mode and owners, and the volume's group (the pod's <c>fsGroup</c>). The planner produces it
/// (<c>VolumePlan.ToPayload</c>); the writer validates the paths again before it touches anything.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class VolumePayload : IReadOnlyDictionary<string, PayloadFile>
{
    private readonly SortedDictionary<string, PayloadFile> _files;

    /// <summary>Creates a payload.</summary>
    /// <param name="files">The files by relative path; a later duplicate path wins.</param>
    /// <param name="fsGroup">The volume's group (see <see cref="FsGroup"/>); none when <see langword="null"/>.</param>
    public VolumePayload(IEnumerable<KeyValuePair<string, PayloadFile>> files, long? fsGroup = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = new SortedDictionary<string, PayloadFile>(StringComparer.Ordinal);
        foreach (var (path, file) in files)
        {
            _files[path] = file;
        }

        FsGroup = fsGroup;
    }

    /// <summary>
    /// The pod's <c>fsGroup</c>, or <see langword="null"/>: the group the kubelet's <c>SetVolumeOwnership</c> gives a
    /// secret, configMap or projected volume (all read-only). The volume directory, each generation directory and
    /// the visible links get the group; directories also set-group-id and group read and search (<c>02550</c>), so
    /// that files made in them get the group. Files keep exactly their <see cref="PayloadFile.Mode"/>:
    /// <see cref="WithFsGroup"/> adds the group read bits the kubelet adds.
    /// </summary>
    public long? FsGroup { get; }

    /// <summary>The files in ordinal path order, for the writer (which never changes them).</summary>
    internal SortedDictionary<string, PayloadFile> Files => _files;

    /// <summary>The empty payload (an optional volume whose source is missing).</summary>
    public static VolumePayload Empty { get; } = new([]);

    /// <summary>
    /// This payload as the kubelet's <c>SetVolumeOwnership</c> leaves a read-only volume of a pod with
    /// <paramref name="fsGroup"/>: every file gets the group and group read (<c>mode | 0440</c>).
    /// </summary>
    /// <param name="fsGroup">The pod's fsGroup; <see langword="null"/> for none, which leaves the payload as it is.</param>
    /// <returns>The payload with <see cref="FsGroup"/> set and the files' modes and groups to match.</returns>
    public VolumePayload WithFsGroup(long? fsGroup) => fsGroup is not { } group ? this :
        new(_files.Select(f => KeyValuePair.Create(f.Key, f.Value with { Mode = VolumeOwnership.FileMode(f.Value.Mode, group), Group = group })), group);

    /// <inheritdoc/>
    public PayloadFile this[string key] => _files[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _files.Keys;

    /// <inheritdoc/>
    public IEnumerable<PayloadFile> Values => _files.Values;

    /// <inheritdoc/>
    public int Count => _files.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _files.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out PayloadFile value) => _files.TryGetValue(key, out value!);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, PayloadFile>> GetEnumerator() => _files.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Paths with sizes and modes, never bytes.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "{" + string.Join(", ", _files.Select(f => $"{f.Key}: {f.Value}")) + "}" + (FsGroup is { } group ? $", fsGroup {group}" : string.Empty);
}
