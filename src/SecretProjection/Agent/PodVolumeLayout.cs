using SecretProjection.Model;
using SecretProjection.Projection;

namespace SecretProjection.Agent;

/// <summary>
/// Where the kubelet keeps a pod's volumes under its root directory (<c>/var/lib/kubelet</c>):
/// <c>pods/&lt;pod uid&gt;/volumes/&lt;plugin&gt;/&lt;volume&gt;</c>, the plugin's name escaped as
/// <c>utilstrings.EscapeQualifiedName</c> does (<c>kubernetes.io/secret</c> → <c>kubernetes.io~secret</c>).
/// Upstream: <c>pkg/kubelet/kubelet_getters.go</c> (<c>getPodVolumeDir</c>) and each plugin's <c>getPath</c>.
/// </summary>
internal static class PodVolumeLayout
{
    /// <summary>The kubelet's <c>config.DefaultKubeletPodsDirName</c>.</summary>
    public const string PodsDirectory = "pods";

    /// <summary>The kubelet's <c>config.DefaultKubeletVolumesDirName</c>.</summary>
    public const string VolumesDirectory = "volumes";

    /// <summary>The mode the kubelet gives the pods directory, a pod's directory and its volumes directory (<c>os.MkdirAll(…, 0750)</c>).</summary>
    public const int PodDirectoryMode = 0x1E8; // 0750

    /// <summary>
    /// The mode of a plugin directory and of a volume directory before its tmpfs is mounted: Go's
    /// <c>os.MkdirAll(dir, 0777)</c> under the kubelet's umask 022, written out so the agent's umask does not matter.
    /// </summary>
    public const int PluginDirectoryMode = 0x1ED; // 0755

    /// <summary>
    /// The directories of the plugins the agent writes: secret, configMap, projected and downwardAPI. It removes
    /// volumes from these only, never from another plugin's directory.
    /// </summary>
    public static IReadOnlyList<string> PluginDirectories { get; } =
        ["kubernetes.io~secret", "kubernetes.io~configmap", "kubernetes.io~projected", "kubernetes.io~downward-api"];

    /// <summary>The directory of the plugin that writes a kind of volume.</summary>
    public static string DirectoryName(VolumeKind plugin) => plugin switch
    {
        VolumeKind.Secret => PluginDirectories[0],
        VolumeKind.ConfigMap => PluginDirectories[1],
        VolumeKind.Projected => PluginDirectories[2],
        VolumeKind.DownwardAPI => PluginDirectories[3],
        _ => throw new ArgumentOutOfRangeException(nameof(plugin), plugin, "not a kind of volume a node writes"),
    };

    /// <summary>Whether the kubelet backs the plugin's volumes with memory (a tmpfs): all but configMap.</summary>
    public static bool IsMemoryBacked(VolumeKind plugin) => plugin != VolumeKind.ConfigMap;

    /// <summary>The volumes of a pod that the agent writes, by name.</summary>
    public static IEnumerable<(string Name, VolumeKind Plugin)> Written(Pod pod) =>
        pod.Volumes.Select(v => (v.Name, Plugin: PodPlanner.KindOf(v))).Where(v => v.Plugin is not null).Select(v => (v.Name, v.Plugin!.Value));

    /// <summary><c>pods/&lt;uid&gt;</c>.</summary>
    public static string PodPath(string uid) => PodsDirectory + "/" + uid;

    /// <summary><c>pods/&lt;uid&gt;/volumes</c>.</summary>
    public static string VolumesPath(string uid) => PodPath(uid) + "/" + VolumesDirectory;

    /// <summary><c>pods/&lt;uid&gt;/volumes/&lt;plugin directory&gt;</c>.</summary>
    public static string PluginPath(string uid, string pluginDirectory) => VolumesPath(uid) + "/" + pluginDirectory;

    /// <summary><c>pods/&lt;uid&gt;/volumes/&lt;plugin&gt;/&lt;volume&gt;</c>.</summary>
    public static string VolumePath(string uid, VolumeKind plugin, string volume) => PluginPath(uid, DirectoryName(plugin)) + "/" + volume;

    /// <summary>Whether a uid or a volume name can be one element of a path (the API server guarantees it; a hostile source must not escape the root).</summary>
    public static bool IsPathElement(string? name) =>
        !string.IsNullOrEmpty(name) && name is not ("." or "..") && name.IndexOfAny(['/', '\0']) < 0;
}
