using SecretProjection.Model;
using SecretProjection.Testing.Api;

namespace SecretProjection.Testing.Sources;

/// <summary>Creates in-memory object sources.</summary>
public static class InMemoryObjectSource
{
    /// <summary>A source of Secrets over a state of its own, or over <paramref name="state"/>, shared with other sources and servers.</summary>
    /// <param name="state">The simulated API's state; a new one when <see langword="null"/>.</param>
    /// <returns>The source.</returns>
    public static InMemoryObjectSource<Secret> ForSecrets(ApiServerState? state = null) => new(state ?? new ApiServerState(), ApiResource.Secrets);

    /// <summary>A source of ConfigMaps over a state of its own, or over <paramref name="state"/>.</summary>
    /// <param name="state">The simulated API's state; a new one when <see langword="null"/>.</param>
    /// <returns>The source.</returns>
    public static InMemoryObjectSource<ConfigMap> ForConfigMaps(ApiServerState? state = null) => new(state ?? new ApiServerState(), ApiResource.ConfigMaps);
}
