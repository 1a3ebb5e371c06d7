using System.Diagnostics;

namespace SecretProjection.Projection;

/// <summary>One file the kubelet would write into a volume, with the mode and owners it would end up with.</summary>
/// <remarks><see cref="ToString"/> shows the size, never the bytes. Equality compares the bytes too.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record PlannedFile
{
    /// <summary>The relative path inside the volume, cleaned as the writer cleans it (<c>a//b</c> → <c>a/b</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The bytes.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The mode the spec asks for (<c>items[].mode</c>, else <c>defaultMode</c>, else 0644).</summary>
    public required int Mode { get; init; }

    /// <summary>The mode the container sees, which the writer sets: <see cref="Mode"/> plus the group bits that <c>fsGroup</c> adds.</summary>
    public required int EffectiveMode { get; init; }

    /// <summary>Where the bytes come from.</summary>
    public required FileSource Source { get; init; }

    /// <summary>The owning user id (KEP-5936), or <see langword="null"/> for the kubelet's own (root).</summary>
    public long? User { get; init; }

    /// <summary>The owning group id (<c>fsGroup</c>), or <see langword="null"/> for the kubelet's own (root).</summary>
    public long? Group { get; init; }

    /// <summary>What a reader of the plan should know about this file (mode changes, unreadable files).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The size in bytes.</summary>
    public int Size => Data.Length;

    /// <summary>Equal when every member is, the bytes compared by content.</summary>
    /// <param name="other">The other file.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(PlannedFile? other) =>
        other is not null
        && string.Equals(Path, other.Path, StringComparison.Ordinal)
        && Mode == other.Mode
        && EffectiveMode == other.EffectiveMode
        && Source == other.Source
        && User == other.User
        && Group == other.Group
        && Warnings.SequenceEqual(other.Warnings, StringComparer.Ordinal)
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Path), EffectiveMode, Data.Length);

    /// <summary>Describes the file without its bytes.</summary>
    /// <returns><c>path (N B, mode 0440, from name/key)</c>.</returns>
    public override string ToString() => $"{Path} ({Size} B, mode {OctalMode.Format(EffectiveMode)}, from {Source})";
}
