using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Input;

/// <summary>
/// The input's Secrets and ConfigMaps as they are read: the last one of each namespace and name, as
/// <see cref="ObjectSnapshot"/> takes them, but filled while the input is read, so that a pod can be looked up in
/// what was read so far.
/// </summary>
internal sealed class InputObjects : IObjectLookup
{
    private readonly Dictionary<(string Namespace, string Name), Secret> _secrets = [];
    private readonly Dictionary<(string Namespace, string Name), ConfigMap> _configMaps = [];

    public void Add(Secret secret) => _secrets[(secret.Namespace, secret.Name)] = secret;

    public void Add(ConfigMap configMap) => _configMaps[(configMap.Namespace, configMap.Name)] = configMap;

    public LookupResult<Secret> GetSecret(string @namespace, string name) =>
        _secrets.TryGetValue((@namespace, name), out var secret) ? LookupResult<Secret>.Found(secret) : LookupResult<Secret>.NotFound();

    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) =>
        _configMaps.TryGetValue((@namespace, name), out var configMap) ? LookupResult<ConfigMap>.Found(configMap) : LookupResult<ConfigMap>.NotFound();
}
