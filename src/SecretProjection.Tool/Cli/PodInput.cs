using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// The single Pod of the input, a snapshot of the input's Secrets and ConfigMaps to look its references up in,
/// and the whole input (for ServiceAccounts).
/// </summary>
internal sealed record PodInput(Pod Pod, ObjectSnapshot Objects, ManifestSet Manifests)
{
    /// <summary>Reads the <c>-f</c> files and picks their one Pod.</summary>
    public static PodInput Load(IReadOnlyList<string> files, ToolContext context) => From(InputLoader.Load(files, context), files);

    /// <summary>Picks the one Pod of the input; none or several is an <see cref="InputException"/> (exit 2).</summary>
    public static PodInput From(ManifestSet manifests, IReadOnlyList<string> files)
    {
        var pods = manifests.Pods.ToArray();
        if (pods.Length != 1)
        {
            var names = pods.Length == 0 ? string.Empty : $" ({string.Join(", ", pods.Select(p => p.QualifiedName))})";
            throw new InputException($"{string.Join(", ", files)}: expected exactly one Pod, found {pods.Length}{names}");
        }

        return new PodInput(pods[0], new ObjectSnapshot(manifests.Secrets, manifests.ConfigMaps), manifests);
    }
}
