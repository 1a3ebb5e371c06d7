using System.Collections;
using System.Diagnostics;

namespace SecretProjection.Writing;

/// <summary>
/// What the atomic writer writes into one volume: relative path (<c>a/b</c>) to file, in ordinal path order.
/// The planner produces it; the writer validates the paths again before it touches anything.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class VolumePayload : IReadOnlyDictionary<string, PayloadFile>
{
    private readonly SortedDictionary<string, PayloadFile> _files;

    /// <summary>Creates a payload.</summary>
    /// <param name="files">The files by relative path; a later duplicate path wins.</param>
    public VolumePayload(IEnumerable<KeyValuePair<string, PayloadFile>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = new SortedDictionary<string, PayloadFile>(StringComparer.Ordinal);
        foreach (var (path, file) in files)
        {
            _files[path] = file;
        }
    }

    /// <summary>The files in ordinal path order, for the writer (which never changes them).</summary>
    internal SortedDictionary<string, PayloadFile> Files => _files;

    /// <summary>The empty payload (an optional volume whose source is missing).</summary>
    public static VolumePayload Empty { get; } = new([]);

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
    public override string ToString() => "{" + string.Join(", ", _files.Select(f => $"{f.Key}: {f.Value}")) + "}";
}
