using SecretProjection.Model;

namespace SecretProjection.Sources;

/// <summary>An immutable <see cref="IObjectLookup"/> over given objects; a later object with the same name wins.</summary>
public sealed class ObjectSnapshot : IObjectLookup
{
    private readonly Dictionary<(string Namespace, string Name), Secret> _secrets = [];
    private readonly Dictionary<(string Namespace, string Name), ConfigMap> _configMaps = [];

    /// <summary>Creates a snapshot.</summary>
    /// <param name="secrets">The Secrets.</param>
    /// <param name="configMaps">The ConfigMaps; none when null.</param>
    public ObjectSnapshot(IEnumerable<Secret> secrets, IEnumerable<ConfigMap>? configMaps = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets)
        {
            _secrets[(secret.Namespace, secret.Name)] = secret;
        }

        foreach (var configMap in configMaps ?? [])
        {
            _configMaps[(configMap.Namespace, configMap.Name)] = configMap;
        }
    }

    /// <summary>An empty snapshot.</summary>
    public static ObjectSnapshot Empty { get; } = new([]);

    /// <inheritdoc/>
    public LookupResult<Secret> GetSecret(string @namespace, string name) =>
        _secrets.TryGetValue((@namespace, name), out var secret) ? LookupResult<Secret>.Found(secret) : LookupResult<Secret>.NotFound();

    /// <inheritdoc/>
    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) =>
        _configMaps.TryGetValue((@namespace, name), out var configMap) ? LookupResult<ConfigMap>.Found(configMap) : LookupResult<ConfigMap>.NotFound();
}
