using System.Runtime.Versioning;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// The <c>--root DIR</c> of <c>project</c> and <c>sync</c>: each volume of the pod is written into
/// <c>DIR/&lt;volume&gt;/</c>, which is created (mode 0755, whatever the umask) when first written and, with
/// <c>--tmpfs</c>, mounted as tmpfs first (mode 0755, <c>nosuid,nodev,noexec</c>), as the kubelet mounts secret
/// volumes. The root and each volume directory are held by descriptor (<see cref="LinuxVolumeRoot"/>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class VolumeRoot : IDisposable
{
    private readonly string _root;
    private readonly LinuxVolumeRootOptions _options;
    private LinuxVolumeRoot? _opened;

    /// <summary>Checks that <paramref name="tmpfs"/> can be honoured before anything is written.</summary>
    /// <exception cref="InputException"><c>--tmpfs</c> without root.</exception>
    public VolumeRoot(string root, bool tmpfs, bool allowSharedDirectory)
    {
        if (tmpfs && !Tmpfs.CanMount)
        {
            throw new InputException("--tmpfs mounts with mount(2) and needs root");
        }

        _root = root;
        _options = new LinuxVolumeRootOptions
        {
            Tmpfs = tmpfs ? new TmpfsOptions() : null,
            Volume = new LinuxVolumeOptions { AllowSharedDirectory = allowSharedDirectory },
        };
    }

    /// <summary>Whether each volume directory is a tmpfs mount.</summary>
    public bool UsesTmpfs => _options.Tmpfs is not null;

    /// <summary>The full path of the root.</summary>
    public string FullPath => Path.GetFullPath(_root);

    /// <summary>The full path of a volume's directory (shown in the output; the name is never resolved as a path).</summary>
    public string PathOf(string volume) => FullPath.TrimEnd('/') + "/" + volume;

    /// <summary>Creates the volume's directory if it is missing, mounts it with <c>--tmpfs</c>, and opens it for the writer.</summary>
    /// <exception cref="IOException">mkdir, mount or open failed, or the name is not one directory name.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory may not be created.</exception>
    public LinuxVolumeFileSystem Open(string volume) => (_opened ??= new LinuxVolumeRoot(_root, _options)).Open(volume);

    /// <summary>Undoes what this run did to a volume whose first write failed: unmounts its tmpfs and removes the directory it made.</summary>
    public void TearDown(string volume) => _opened?.TearDown(volume);

    public void Dispose() => _opened?.Dispose();

    /// <summary>
    /// A note for a writer that is not root, when the pod has an fsGroup: changing a file's group to one the user
    /// is not in is refused, and, as the kubelet, the writer then goes on without it. <see langword="null"/> otherwise.
    /// </summary>
    public static string? FsGroupNote(Pod pod) =>
        pod.SecurityContext.FsGroup is { } fsGroup && !System.Environment.IsPrivilegedProcess
            ? $"note: not running as root: the files get fsGroup {fsGroup} only if this user may give them that group; the modes are set either way"
            : null;
}
