using System.Diagnostics;

namespace SecretProjection.Writing;

/// <summary>
/// One file of a volume payload (upstream's <c>FileProjection</c>): its bytes, the exact permission bits the writer
/// gives it, and, when set, its owning user and group.
/// </summary>
/// <remarks><see cref="ToString"/> shows the size, never the bytes.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed record PayloadFile
{
    /// <summary>Creates a payload file.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="mode">The permission bits, 0..0777, exactly as the file gets them (with an fsGroup, its group bits included).</param>
    /// <param name="user">The owning user id, or <see langword="null"/> to leave the writer's.</param>
    /// <param name="group">The owning group id, or <see langword="null"/> for the volume's (<see cref="VolumePayload.FsGroup"/>, else the writer's).</param>
    public PayloadFile(ReadOnlyMemory<byte> data, int mode, long? user = null, long? group = null)
    {
        Data = data;
        Mode = mode;
        User = user;
        Group = group;
    }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The permission bits, 0..0777, set exactly whatever the process umask.</summary>
    public int Mode { get; init; }

    /// <summary>The owning user id (upstream's <c>FsUser</c>: <c>defaultUser</c>, an item's <c>user</c>), or <see langword="null"/> to leave the writer's.</summary>
    public long? User { get; init; }

    /// <summary>The owning group id, or <see langword="null"/> for the volume's (<see cref="VolumePayload.FsGroup"/>, else the writer's).</summary>
    public long? Group { get; init; }

    /// <summary>Describes the file without its bytes.</summary>
    /// <returns><c>N B, mode 0644</c>, and the owners when set.</returns>
    public override string ToString() =>
        $"{Data.Length} B, mode {Convert.ToString(Mode, 8).PadLeft(4, '0')}{(User is { } u ? $", user {u}" : string.Empty)}{(Group is { } g ? $", group {g}" : string.Empty)}";

    /// <summary>Equal when bytes, mode and owners are equal.</summary>
    /// <param name="other">The other file.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(PayloadFile? other) =>
        other is not null && Mode == other.Mode && User == other.User && Group == other.Group && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mode, User, Group, Data.Length);
}
