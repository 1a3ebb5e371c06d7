using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Cli;

/// <summary>The single Pod of the input, and its namespace's Secrets and ConfigMaps as a snapshot.</summary>
internal sealed record PodInput(Pod Pod, ObjectSnapshot Objects)
{
    public static PodInput From(ManifestSet manifests)
    {
        var pods = manifests.Pods.ToList();
        if (pods.Count != 1)
        {
            throw new InputException($"expected exactly one Pod in the input, found {pods.Count}");
        }

        var pod = pods[0];
        return new PodInput(pod, new ObjectSnapshot(
            manifests.Secrets.Where(s => s.Namespace == pod.Namespace),
            manifests.ConfigMaps.Where(c => c.Namespace == pod.Namespace)));
    }
}
