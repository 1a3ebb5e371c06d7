using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Cli;

/// <summary>The single Pod of the input and a snapshot of the input's Secrets and ConfigMaps, for the pod verbs.</summary>
internal sealed record PodInput(Pod Pod, ObjectSnapshot Objects, ManifestSet Manifests)
{
    /// <summary>Selects the one Pod; none or several is bad input (exit 2).</summary>
    public static PodInput From(ManifestSet manifests)
    {
        var pods = manifests.Pods.ToArray();
        if (pods.Length != 1)
        {
            throw new InputException($"expected exactly one Pod in the input, found {pods.Length}");
        }

        return new PodInput(pods[0], new ObjectSnapshot(manifests.Secrets, manifests.ConfigMaps), manifests);
    }
}
