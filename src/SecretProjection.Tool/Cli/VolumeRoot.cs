using System.Runtime.Versioning;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// The <c>--root DIR</c> of <c>project</c> and <c>sync</c>: each volume of the pod is written into
/// <c>DIR/&lt;volume&gt;/</c>, which is created when first written and, with <c>--tmpfs</c>, mounted as tmpfs
/// first (<c>nosuid,nodev,noexec</c>), as the kubelet mounts secret volumes.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class VolumeRoot
{
    private readonly string _root;
    private readonly bool _tmpfs;

    /// <summary>Checks that <paramref name="tmpfs"/> can be honoured before anything is written.</summary>
    /// <exception cref="InputException"><c>--tmpfs</c> without root.</exception>
    public VolumeRoot(string root, bool tmpfs)
    {
        if (tmpfs && !Tmpfs.CanMount)
        {
            throw new InputException("--tmpfs mounts with mount(2) and needs root");
        }

        _root = root;
        _tmpfs = tmpfs;
    }

    /// <summary>Whether each volume directory is a tmpfs mount.</summary>
    public bool UsesTmpfs => _tmpfs;

    /// <summary>The full path of the root.</summary>
    public string FullPath => Path.GetFullPath(_root);

    /// <summary>The full path of a volume's directory.</summary>
    public string PathOf(string volume) => Path.GetFullPath(Path.Combine(_root, volume));

    /// <summary>Creates the volume's directory if it is missing, mounts it with <c>--tmpfs</c>, and opens it for the writer.</summary>
    /// <exception cref="IOException">mkdir or mount failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory may not be created.</exception>
    public LinuxVolumeFileSystem Open(string volume)
    {
        var path = PathOf(volume);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path); // not even a failed mkdir on an unchanged re-run
        }

        if (_tmpfs)
        {
            Tmpfs.Mount(path);
        }

        return new LinuxVolumeFileSystem(path);
    }

    /// <summary>
    /// A note for a writer that is not root, when the pod has an fsGroup: changing a file's group to one the user
    /// is not in is refused, and, as the kubelet, the writer then goes on without it. <see langword="null"/> otherwise.
    /// </summary>
    public static string? FsGroupNote(Pod pod) =>
        pod.SecurityContext.FsGroup is { } fsGroup && !System.Environment.IsPrivilegedProcess
            ? $"note: not running as root: the files get fsGroup {fsGroup} only if this user may give them that group; the modes are set either way"
            : null;
}
