using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>The objects read from one or more manifests, in input order.</summary>
public sealed class ManifestSet
{
    /// <summary>Creates a set.</summary>
    /// <param name="objects">The objects in input order.</param>
    public ManifestSet(IReadOnlyList<ManifestObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Objects = objects;
    }

    /// <summary>Every object, in input order, including kinds this library skips.</summary>
    public IReadOnlyList<ManifestObject> Objects { get; }

    /// <summary>The Pods.</summary>
    public IEnumerable<Pod> Pods => Objects.Select(o => o.Model).OfType<Pod>();

    /// <summary>The Secrets.</summary>
    public IEnumerable<Secret> Secrets => Objects.Select(o => o.Model).OfType<Secret>();

    /// <summary>The ConfigMaps.</summary>
    public IEnumerable<ConfigMap> ConfigMaps => Objects.Select(o => o.Model).OfType<ConfigMap>();

    /// <summary>The ServiceAccounts.</summary>
    public IEnumerable<ServiceAccount> ServiceAccounts => Objects.Select(o => o.Model).OfType<ServiceAccount>();

    /// <summary>Joins sets in order.</summary>
    /// <param name="sets">The sets.</param>
    /// <returns>One set.</returns>
    public static ManifestSet Concat(IEnumerable<ManifestSet> sets) => new(sets.SelectMany(s => s.Objects).ToArray());
}
