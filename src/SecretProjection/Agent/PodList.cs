using SecretProjection.Model;

namespace SecretProjection.Agent;

/// <summary>The answer to a list of a node's pods.</summary>
public sealed class PodList
{
    /// <summary>Creates the answer.</summary>
    /// <param name="items">The pods.</param>
    /// <param name="resourceVersion">The list's resourceVersion, from which a watch starts.</param>
    public PodList(IReadOnlyList<Pod> items, string resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(resourceVersion);
        Items = items;
        ResourceVersion = resourceVersion;
    }

    /// <summary>The pods.</summary>
    public IReadOnlyList<Pod> Items { get; }

    /// <summary>The list's resourceVersion.</summary>
    public string ResourceVersion { get; }
}
