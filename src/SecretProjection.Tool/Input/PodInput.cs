using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Input;

/// <summary>
/// The pod a verb works on (a Pod, or the pod a workload's template stands for), the object it came from, and
/// the whole input it is looked up in.
/// </summary>
/// <param name="Pod">The pod.</param>
/// <param name="Object">The Pod or workload it came from: its kind, source and line.</param>
/// <param name="Input">The whole input: Secrets, ConfigMaps, ServiceAccounts.</param>
internal sealed record PodInput(Pod Pod, ManifestObject Object, LoadedInput Input)
{
    /// <summary>The kind of the object: <c>Pod</c>, or the workload's kind.</summary>
    public string Kind => Object.Kind;

    /// <summary>The input's Secrets and ConfigMaps, with its node and ClusterTrustBundles, to look the pod's references up in.</summary>
    public ClusterSnapshot Objects => Input.LookupFor(Pod);

    /// <summary>Reads the input and picks its one pod or workload, or the one <c>--pod</c> names.</summary>
    /// <exception cref="InputException">Unreadable input, or no single pod to work on (exit 2).</exception>
    public static PodInput Load(ManifestInput input, string? pod)
    {
        var selector = PodSelector.Parse(pod);

        // Without --pod, one pod is kept: a second one is an error that lists names only.
        var kept = 0;
        var loaded = LoadedInput.Load(input, item => selector?.Matches(item) ?? kept++ == 0);
        return loaded.SelectPod(selector);
    }
}
