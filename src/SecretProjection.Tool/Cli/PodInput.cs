using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Cli;

/// <summary>The single Pod of the input, and a snapshot of the input's Secrets and ConfigMaps to look its sources up in.</summary>
internal sealed record PodInput(Pod Pod, ObjectSnapshot Objects)
{
    /// <summary>Reads the input; anything but exactly one Pod is an <see cref="InputException"/>.</summary>
    public static PodInput Load(IReadOnlyList<string> files, ToolContext context)
    {
        var manifests = InputLoader.Load(files, context);
        var pods = manifests.Pods.ToArray();
        if (pods.Length != 1)
        {
            throw new InputException($"{string.Join(", ", files)}: expected exactly one Pod, found {pods.Length}");
        }

        return new PodInput(pods[0], new ObjectSnapshot(manifests.Secrets, manifests.ConfigMaps));
    }
}
