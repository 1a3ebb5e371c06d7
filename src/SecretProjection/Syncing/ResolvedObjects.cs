using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>The results of reading a pod's Secrets and ConfigMaps through the managers, as the lookup the planner and the env resolver read.</summary>
internal sealed class ResolvedObjects : IObjectLookup
{
    private readonly Dictionary<(string Namespace, string Name), LookupResult<Secret>> _secrets;
    private readonly Dictionary<(string Namespace, string Name), LookupResult<ConfigMap>> _configMaps;

    private ResolvedObjects(
        Dictionary<(string Namespace, string Name), LookupResult<Secret>> secrets,
        Dictionary<(string Namespace, string Name), LookupResult<ConfigMap>> configMaps)
    {
        _secrets = secrets;
        _configMaps = configMaps;
    }

    /// <summary>Reads the named objects of <paramref name="namespace"/> (a pod's <see cref="PodReferences"/>), concurrently.</summary>
    public static async Task<ResolvedObjects> ReadAsync(
        string @namespace,
        IReadOnlySet<string> secretNames,
        IReadOnlySet<string> configMapNames,
        IObjectManager<Secret> secrets,
        IObjectManager<ConfigMap> configMaps,
        CancellationToken cancellationToken)
    {
        var secretReads = Read(@namespace, secretNames, secrets, cancellationToken);
        var configMapReads = Read(@namespace, configMapNames, configMaps, cancellationToken);
        return new ResolvedObjects(await secretReads.ConfigureAwait(false), await configMapReads.ConfigureAwait(false));
    }

    public LookupResult<Secret> GetSecret(string @namespace, string name) =>
        _secrets.TryGetValue((@namespace, name), out var result) ? result : LookupResult<Secret>.Failed(ManagedKind<Secret>.NotRegistered(@namespace, name));

    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) =>
        _configMaps.TryGetValue((@namespace, name), out var result) ? result : LookupResult<ConfigMap>.Failed(ManagedKind<ConfigMap>.NotRegistered(@namespace, name));

    private static async Task<Dictionary<(string Namespace, string Name), LookupResult<T>>> Read<T>(
        string @namespace, IReadOnlySet<string> names, IObjectManager<T> manager, CancellationToken cancellationToken)
        where T : class
    {
        var reads = names.Select(async name => (name, await manager.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false))).ToArray();
        var results = new Dictionary<(string Namespace, string Name), LookupResult<T>>();
        foreach (var (name, result) in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            results[(@namespace, name)] = result;
        }

        return results;
    }
}
