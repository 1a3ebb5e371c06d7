namespace SecretProjection.Writing;

/// <summary>The <c>lstat(2)</c> view of one name in a volume: kind, permission bits and owners.</summary>
/// <param name="Kind">File, directory, symlink or other.</param>
/// <param name="Mode">The permission bits including setuid/setgid/sticky (0..07777).</param>
/// <param name="User">The owning user id.</param>
/// <param name="Group">The owning group id.</param>
/// <param name="Size">The size in bytes (for a link, the length of its target).</param>
public sealed record VolumeEntry(VolumeEntryKind Kind, int Mode, long User, long Group, long Size);
