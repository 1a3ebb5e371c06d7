using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SecretProjection.Extensions.Configuration.Tests.Fixtures;

/// <summary>
/// TEST-ONLY stand-in for the atomic writer (to be replaced by the real one from
/// <c>src/SecretProjection/Writing</c> + <c>src/SecretProjection.Linux</c>): lays out a volume on a real
/// temporary directory exactly as the kubelet does. A generation is staged in <c>..&lt;timestamp&gt;/</c>,
/// <c>..data_tmp</c> is linked to it and renamed over <c>..data</c> with rename(2) (File.Move cannot
/// replace a link to a directory), visible links <c>name -&gt; ..data/name</c> are added or removed, and
/// the previous generation is deleted.
/// </summary>
internal sealed class KubeletVolume : IDisposable
{
    private const string DataLink = "..data";
    private const string DataTempLink = "..data_tmp";
    private static int s_sequence;

    private string? _current;
    private HashSet<string> _visible = new(StringComparer.Ordinal);

    private readonly bool _ownsDirectory;

    private KubeletVolume(string path, bool ownsDirectory = true)
    {
        Path = path;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The volume directory (the mount path).</summary>
    public string Path { get; }

    /// <summary>A new, empty volume directory.</summary>
    public static KubeletVolume Create() => new(Directory.CreateTempSubdirectory("secret-volume-").FullName);

    /// <summary>A volume on an existing directory, such as a mount point, that is left in place.</summary>
    public static KubeletVolume On(string mountPoint) => new(mountPoint, ownsDirectory: false);

    /// <summary>A path for a volume that does not exist yet; <see cref="Write"/> creates it.</summary>
    public static KubeletVolume NotYetCreated() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "secret-volume-" + Guid.NewGuid().ToString("N")));

    /// <summary>Writes and swaps in a new generation; returns its directory name.</summary>
    public string Write(IReadOnlyDictionary<string, string> files)
    {
        var generation = Stage(files);
        Swap(generation, files.Keys);
        return generation;
    }

    /// <summary>Writes a generation without swapping it in: a half-written update.</summary>
    public string Stage(IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(Path);
        var generation = string.Create(
            CultureInfo.InvariantCulture,
            $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Interlocked.Increment(ref s_sequence):D9}");
        var root = System.IO.Path.Combine(Path, generation);
        foreach (var (name, value) in files)
        {
            var file = System.IO.Path.Combine(root, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, Encoding.UTF8.GetBytes(value));
        }

        Directory.CreateDirectory(root);
        return generation;
    }

    /// <summary>Points <c>..data_tmp</c> at a staged generation without renaming it.</summary>
    public void LinkTemporary(string generation) =>
        File.CreateSymbolicLink(System.IO.Path.Combine(Path, DataTempLink), generation);

    /// <summary>Swaps a staged generation in, as the kubelet does after staging it.</summary>
    public void Swap(string generation, IEnumerable<string> names)
    {
        var temp = System.IO.Path.Combine(Path, DataTempLink);
        if (!File.Exists(temp) && !Directory.Exists(temp))
        {
            LinkTemporary(generation);
        }

        if (rename(temp, System.IO.Path.Combine(Path, DataLink)) != 0)
        {
            throw new IOException($"rename(2) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        var visible = names.Select(TopLevel).ToHashSet(StringComparer.Ordinal);
        foreach (var name in visible.Except(_visible))
        {
            File.CreateSymbolicLink(System.IO.Path.Combine(Path, name), $"{DataLink}/{name}");
        }

        foreach (var name in _visible.Except(visible))
        {
            File.Delete(System.IO.Path.Combine(Path, name));
        }

        if (_current is not null)
        {
            Directory.Delete(System.IO.Path.Combine(Path, _current), recursive: true);
        }

        _visible = visible;
        _current = generation;
    }

    /// <summary>Removes the volume directory, as when a pod goes away; a later write projects it afresh.</summary>
    public void TearDown()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        _current = null;
        _visible = new HashSet<string>(StringComparer.Ordinal);
    }

    public void Dispose()
    {
        if (_ownsDirectory)
        {
            TearDown();
        }
    }

    private static string TopLevel(string name) => name.Split('/')[0];

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldpath, string newpath);
}
