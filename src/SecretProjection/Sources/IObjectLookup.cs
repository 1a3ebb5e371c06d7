using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>
/// A synchronous, point-in-time view of the Secrets and ConfigMaps a pod may reference: what environment
/// resolution and volume planning read from.
/// </summary>
public interface IObjectLookup
{
    /// <summary>Looks up a Secret.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Found, not found, or failed with a reason.</returns>
    LookupResult<Secret> GetSecret(string @namespace, string name);

    /// <summary>Looks up a ConfigMap.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>Found, not found, or failed with a reason.</returns>
    LookupResult<ConfigMap> GetConfigMap(string @namespace, string name);
}
