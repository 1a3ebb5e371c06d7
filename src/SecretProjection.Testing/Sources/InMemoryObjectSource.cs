using SecretProjection.Model;

namespace SecretProjection.Testing.Sources;

/// <summary>Creates in-memory object sources.</summary>
public static class InMemoryObjectSource
{
    /// <summary>An empty source of Secrets.</summary>
    /// <returns>The source.</returns>
    public static InMemoryObjectSource<Secret> ForSecrets() =>
        new(s => s.Namespace, s => s.Name, (s, resourceVersion) => s with { ResourceVersion = resourceVersion });

    /// <summary>An empty source of ConfigMaps.</summary>
    /// <returns>The source.</returns>
    public static InMemoryObjectSource<ConfigMap> ForConfigMaps() =>
        new(c => c.Namespace, c => c.Name, (c, resourceVersion) => c with { ResourceVersion = resourceVersion });
}
