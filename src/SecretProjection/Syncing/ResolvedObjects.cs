using SecretProjection.Caching;
using SecretProjection.Model;
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

    /// <summary>Reads every object <paramref name="pod"/> references, concurrently.</summary>
    public static async Task<ResolvedObjects> ReadAsync(Pod pod, IObjectManager<Secret> secrets, IObjectManager<ConfigMap> configMaps, CancellationToken cancellationToken)
    {
        var secretReads = Read(pod, PodReferences.SecretNames(pod), secrets, cancellationToken);
        var configMapReads = Read(pod, PodReferences.ConfigMapNames(pod), configMaps, cancellationToken);
        return new ResolvedObjects(await secretReads.ConfigureAwait(false), await configMapReads.ConfigureAwait(false));
    }

    public LookupResult<Secret> GetSecret(string @namespace, string name) =>
        _secrets.TryGetValue((@namespace, name), out var result) ? result : LookupResult<Secret>.Failed(ObjectKind<Secret>.NotRegistered(@namespace, name));

    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) =>
        _configMaps.TryGetValue((@namespace, name), out var result) ? result : LookupResult<ConfigMap>.Failed(ObjectKind<ConfigMap>.NotRegistered(@namespace, name));

    private static async Task<Dictionary<(string Namespace, string Name), LookupResult<T>>> Read<T>(
        Pod pod, IReadOnlySet<string> names, IObjectManager<T> manager, CancellationToken cancellationToken)
        where T : class
    {
        var reads = names.Select(async name => (name, await manager.GetAsync(pod.Namespace, name, cancellationToken).ConfigureAwait(false))).ToArray();
        var results = new Dictionary<(string Namespace, string Name), LookupResult<T>>();
        foreach (var (name, result) in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            results[(pod.Namespace, name)] = result;
        }

        return results;
    }
}
