using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SecretProjection.TestSupport;

/// <summary>
/// Every name under a directory as <c>lstat(2)</c> sees it (links are recorded, never followed): kind,
/// permission bits with setuid/setgid/sticky, owner, group, size, link target and the SHA-256 of a file's
/// bytes. Two snapshots taken before and after an operation show whatever it changed, created or removed.
/// </summary>
internal sealed partial class SandboxSnapshot
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;

    private SandboxSnapshot(string root, SortedDictionary<string, string> entries)
    {
        Root = root;
        Entries = entries;
    }

    public string Root { get; }

    /// <summary>Relative path (<c>.</c> for the root) to its description.</summary>
    public SortedDictionary<string, string> Entries { get; }

    /// <summary>Snapshots <paramref name="root"/> and everything below it.</summary>
    /// <param name="root">The directory.</param>
    /// <param name="recursive">Whether to descend (false: the directory and its direct children, without hashing).</param>
    public static SandboxSnapshot Take(string root, bool recursive = true)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Visit(root, ".", recursive, hash: recursive, entries);
        return new SandboxSnapshot(root, entries);
    }

    /// <summary>The differences, one line each (<c>+ path</c>, <c>- path</c>, <c>~ path: before -> after</c>), ignoring paths at or below <paramref name="allowed"/>.</summary>
    /// <param name="after">The later snapshot of the same root.</param>
    /// <param name="allowed">Relative paths where changes are expected (the volume directories).</param>
    public IReadOnlyList<string> Diff(SandboxSnapshot after, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(after);
        bool Ignored(string path) => allowed.Any(a => path == a || path.StartsWith(a + "/", StringComparison.Ordinal));
        var changes = new List<string>();
        foreach (var (path, before) in Entries.Where(e => !Ignored(e.Key)))
        {
            if (!after.Entries.TryGetValue(path, out var now))
            {
                changes.Add("- " + path);
            }
            else if (now != before)
            {
                changes.Add($"~ {path}: {before} -> {now}");
            }
        }

        changes.AddRange(after.Entries.Keys.Where(p => !Ignored(p) && !Entries.ContainsKey(p)).Select(p => "+ " + p));
        return changes;
    }

    private static void Visit(string full, string relative, bool recursive, bool hash, SortedDictionary<string, string> entries)
    {
        var (kind, mode, user, group, size) = Lstat(full);
        var description = string.Create(CultureInfo.InvariantCulture, $"{kind} {Convert.ToString(mode, 8).PadLeft(4, '0')} {user}:{group}");
        switch (kind)
        {
            case 'l':
                description += " -> " + new FileInfo(full).LinkTarget;
                break;
            case 'f':
                description += string.Create(CultureInfo.InvariantCulture, $" {size} B") + (hash ? " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(full))) : string.Empty);
                break;
        }

        entries[relative] = description;
        if (kind == 'd' && (recursive || relative == "."))
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(full))
            {
                var name = Path.GetFileName(child);
                Visit(child, relative == "." ? name : relative + "/" + name, recursive, hash, entries);
            }
        }
    }

    /// <summary>statx(2) without following a last link: kind (f, d, l, o), permission bits, owner, group, size.</summary>
    private static (char Kind, int Mode, uint User, uint Group, ulong Size) Lstat(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            throw new IOException($"statx {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        var kind = (mode & 0xF000) switch
        {
            0x4000 => 'd',
            0x8000 => 'f',
            0xA000 => 'l',
            _ => 'o',
        };
        return (kind, mode & 0xFFF, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24)), BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(40)));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);
}
