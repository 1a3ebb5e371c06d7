using SecretProjection.Writing;

namespace SecretProjection.Agent;

/// <summary>
/// Creates and removes the agent's part of the kubelet's pod directories through the root's port, which never
/// walks through a link: what the agent removes is the volume directories of its four plugins, each unmounted
/// first, then the plugin, <c>volumes</c> and pod directories if that leaves them empty (kubelet's
/// <c>cleanupOrphanedPodDirs</c> removes a pod directory only once no volume is left in it). Another plugin's
/// directory, and anything else in a pod's directory, is never touched. Callers serialize their calls.
/// </summary>
internal static class PodDirectories
{
    /// <summary>The uids that have a directory under <c>pods/</c>.</summary>
    public static IReadOnlyList<string> ListPods(IVolumeFileSystem root) =>
        root.GetEntry(PodVolumeLayout.PodsDirectory) is { Kind: VolumeEntryKind.Directory } ? root.List(PodVolumeLayout.PodsDirectory) : [];

    /// <summary>Creates the directories down to a volume's (missing ones only, with the kubelet's modes) and opens it for the writer.</summary>
    /// <exception cref="IOException">A directory on the way is not one, or cannot be made; or the host's open failed.</exception>
    public static IVolumeFileSystem OpenVolume(INodeVolumeHost host, string uid, Projection.VolumeKind plugin, string volume)
    {
        var root = host.Root;
        Ensure(root, PodVolumeLayout.PodsDirectory, PodVolumeLayout.PodDirectoryMode);
        Ensure(root, PodVolumeLayout.PodPath(uid), PodVolumeLayout.PodDirectoryMode);
        Ensure(root, PodVolumeLayout.VolumesPath(uid), PodVolumeLayout.PodDirectoryMode);
        Ensure(root, PodVolumeLayout.PluginPath(uid, PodVolumeLayout.DirectoryName(plugin)), PodVolumeLayout.PluginDirectoryMode);
        var path = PodVolumeLayout.VolumePath(uid, plugin, volume);
        Ensure(root, path, PodVolumeLayout.PluginDirectoryMode);
        return host.OpenVolume(path, PodVolumeLayout.IsMemoryBacked(plugin));
    }

    /// <summary>Removes the volumes the agent's plugins keep for a pod, then the directories that leaves empty.</summary>
    /// <returns>Each volume directory found: removed, or why not.</returns>
    public static IReadOnlyList<RemovedVolume> RemovePod(INodeVolumeHost host, string uid)
    {
        var root = host.Root;
        var removed = new List<RemovedVolume>();
        if (root.GetEntry(PodVolumeLayout.VolumesPath(uid)) is not { Kind: VolumeEntryKind.Directory })
        {
            RemoveIfEmpty(root, PodVolumeLayout.PodPath(uid));
            return removed;
        }

        foreach (var plugin in PodVolumeLayout.PluginDirectories)
        {
            var pluginPath = PodVolumeLayout.PluginPath(uid, plugin);
            if (root.GetEntry(pluginPath) is not { Kind: VolumeEntryKind.Directory })
            {
                continue;
            }

            foreach (var volume in root.List(pluginPath))
            {
                var path = pluginPath + "/" + volume;
                try
                {
                    var unmounted = host.Unmount(path);
                    VolumeTree.RemoveAll(root, path);
                    removed.Add(new RemovedVolume(volume, plugin, unmounted, null));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    removed.Add(new RemovedVolume(volume, plugin, false, e.Message));
                }
            }

            RemoveIfEmpty(root, pluginPath);
        }

        RemoveIfEmpty(root, PodVolumeLayout.VolumesPath(uid));
        RemoveIfEmpty(root, PodVolumeLayout.PodPath(uid));
        return removed;
    }

    private static void Ensure(IVolumeFileSystem root, string path, int mode)
    {
        switch (root.GetEntry(path))
        {
            case null:
                try
                {
                    root.CreateDirectory(path, mode);
                }
                catch (IOException) when (root.GetEntry(path) is { Kind: VolumeEntryKind.Directory })
                {
                    // Made meanwhile by another pod's sync.
                }

                break;
            case { Kind: VolumeEntryKind.Directory }:
                break;
            default:
                throw new IOException($"{path}: not a directory; refusing to write under it");
        }
    }

    private static void RemoveIfEmpty(IVolumeFileSystem root, string path)
    {
        if (root.GetEntry(path) is { Kind: VolumeEntryKind.Directory } && root.List(path).Count == 0)
        {
            VolumeTree.BestEffort(() => root.Remove(path));
        }
    }
}

/// <summary>A volume directory the agent removed, or failed to.</summary>
/// <param name="Volume">The volume's name.</param>
/// <param name="PluginDirectory">Its plugin's directory: <c>kubernetes.io~secret</c>.</param>
/// <param name="Unmounted">Whether a tmpfs was unmounted from it first.</param>
/// <param name="Error">Why it was not removed; <see langword="null"/> when it was.</param>
internal sealed record RemovedVolume(string Volume, string PluginDirectory, bool Unmounted, string? Error);
