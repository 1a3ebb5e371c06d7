using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Environment;

/// <summary>
/// Resolves containers' environments as the kubelet does at container start: a pure function of the pod, the
/// container, a point-in-time lookup of Secrets and ConfigMaps, and options.
/// </summary>
/// <remarks>
/// A <c>resourceFieldRef</c> to a limit that is not set reads the node's allocatable when the lookup knows the node
/// (an <see cref="IClusterObjectLookup"/> such as <see cref="ClusterSnapshot"/>), as the kubelet's
/// <c>defaultPodLimitsForDownwardAPI</c> does. What else the kubelet adds from the node is left out: service links
/// (<c>KUBERNETES_SERVICE_HOST</c>, …), such a limit when no node is known, <c>status.hostIP(s)</c> when the
/// pod's status has none, and <c>fileKeyRef</c>, each reported by an
/// <see cref="EnvEventReasons.UnresolvedEnvironmentSource"/> event. Other <c>fieldRef</c>s read the pod as
/// <c>podFieldSelectorRuntimeValue</c> does, its addresses from its status. A Secret value that is not valid
/// UTF-8 has each invalid sequence replaced by U+FFFD.
/// </remarks>
public static class EnvResolver
{
    /// <summary>Resolves one container of a pod.</summary>
    /// <param name="pod">The pod; its namespace is where Secrets and ConfigMaps are looked up.</param>
    /// <param name="container">A container of <paramref name="pod"/> (found by reference, else by name).</param>
    /// <param name="lookup">The Secrets and ConfigMaps.</param>
    /// <param name="options">The options; <see cref="EnvResolverOptions.Default"/> when null.</param>
    /// <returns>The environment, the events, or why the container cannot start.</returns>
    /// <exception cref="ArgumentException"><paramref name="container"/> is not in <paramref name="pod"/>.</exception>
    public static ContainerEnvironment Resolve(Pod pod, Container container, IObjectLookup lookup, EnvResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(lookup);
        var (kind, index) = Locate(pod, container);
        return new ContainerEnvResolver(pod, container, kind, index, lookup, options ?? EnvResolverOptions.Default).Resolve();
    }

    /// <summary>Resolves every container of a pod, each independently: init, regular, then ephemeral containers.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="lookup">The Secrets and ConfigMaps.</param>
    /// <param name="options">The options; <see cref="EnvResolverOptions.Default"/> when null.</param>
    /// <returns>One environment per container, in that order.</returns>
    public static IReadOnlyList<ContainerEnvironment> ResolvePod(Pod pod, IObjectLookup lookup, EnvResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(lookup);
        options ??= EnvResolverOptions.Default;
        var results = new List<ContainerEnvironment>(pod.InitContainers.Count + pod.Containers.Count + pod.EphemeralContainers.Count);
        Add(pod.InitContainers, ContainerKind.Init);
        Add(pod.Containers, ContainerKind.Regular);
        Add(pod.EphemeralContainers, ContainerKind.Ephemeral);
        return results;

        void Add(IReadOnlyList<Container> containers, ContainerKind kind)
        {
            for (var i = 0; i < containers.Count; i++)
            {
                results.Add(new ContainerEnvResolver(pod, containers[i], kind, i, lookup, options).Resolve());
            }
        }
    }

    private static (ContainerKind Kind, int Index) Locate(Pod pod, Container container)
    {
        foreach (var byReference in new[] { true, false })
        {
            var position = 0;
            ContainerKind? previous = null;
            foreach (var (candidate, kind) in pod.AllContainers())
            {
                position = kind == previous ? position + 1 : 0;
                previous = kind;
                if (byReference ? ReferenceEquals(candidate, container) : string.Equals(candidate.Name, container.Name, StringComparison.Ordinal))
                {
                    return (kind, position);
                }
            }
        }

        throw new ArgumentException($"The container \"{container.Name}\" is not in the pod {pod.QualifiedName}.", nameof(container));
    }
}
