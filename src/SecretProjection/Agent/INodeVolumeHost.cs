using SecretProjection.Writing;

namespace SecretProjection.Agent;

/// <summary>
/// The node's side of the agent: the kubelet's root directory (<c>/var/lib/kubelet</c>) as a file-system port,
/// and what the port cannot do: open one volume directory for the writer (mounting a tmpfs on it first where the
/// kubelet does), and unmount one.
/// </summary>
/// <remarks>
/// Implementations: <c>SecretProjection.Linux</c> on a real directory, and an in-memory one in
/// <c>SecretProjection.Testing</c>. Paths are relative to the root and use <c>/</c>; none walks through a link.
/// </remarks>
public interface INodeVolumeHost
{
    /// <summary>The root directory, for listing pods and removing what the agent wrote.</summary>
    IVolumeFileSystem Root { get; }

    /// <summary>Opens an existing volume directory for the writer, mounting a tmpfs on it first when <paramref name="memoryBacked"/> and the host mounts them.</summary>
    /// <param name="path">The volume directory: <c>pods/UID/volumes/kubernetes.io~secret/NAME</c>.</param>
    /// <param name="memoryBacked">Whether the kubelet backs this plugin's volumes with a tmpfs.</param>
    /// <returns>The port rooted at the volume directory.</returns>
    /// <exception cref="IOException">The mount failed, or the directory cannot be opened.</exception>
    IVolumeFileSystem OpenVolume(string path, bool memoryBacked);

    /// <summary>Unmounts the volume directory if something is mounted on it.</summary>
    /// <param name="path">The volume directory.</param>
    /// <returns>Whether it was a mount point.</returns>
    /// <exception cref="IOException">The unmount failed; the directory must then not be removed.</exception>
    bool Unmount(string path);
}
