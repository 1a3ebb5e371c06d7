using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tool.Input;

/// <summary>
/// The live cluster's Secrets, ConfigMaps and ServiceAccounts as a lookup: each one a pod references is read with one
/// GET by its name when first asked for (never a list), and remembered for the rest of the run. A read that fails
/// (403, a server that cannot be reached) is a failed lookup with the server's message, as the kubelet sees it.
/// </summary>
internal sealed class ClusterObjects(KubernetesSources sources, CancellationToken cancellationToken) : IObjectLookup
{
    private readonly Dictionary<(string Namespace, string Name), LookupResult<Secret>> _secrets = [];
    private readonly Dictionary<(string Namespace, string Name), LookupResult<ConfigMap>> _configMaps = [];
    private readonly Dictionary<(string Namespace, string Name), LookupResult<ServiceAccount>> _serviceAccounts = [];

    public LookupResult<Secret> GetSecret(string @namespace, string name) =>
        Get(_secrets, @namespace, name, (ns, n) => sources.Secrets.GetAsync(ns, n, cancellationToken));

    public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) =>
        Get(_configMaps, @namespace, name, (ns, n) => sources.ConfigMaps.GetAsync(ns, n, cancellationToken));

    public LookupResult<ServiceAccount> GetServiceAccount(string @namespace, string name) =>
        Get(_serviceAccounts, @namespace, name, (ns, n) => sources.GetServiceAccountAsync(ns, n, cancellationToken));

    // The verbs run synchronously on a thread of their own (no synchronization context): waiting here cannot deadlock.
    private static LookupResult<T> Get<T>(Dictionary<(string, string), LookupResult<T>> cache, string @namespace, string name, Func<string, string, Task<LookupResult<T>>> read)
        where T : class
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(@namespace))
        {
            return LookupResult<T>.NotFound();
        }

        if (!cache.TryGetValue((@namespace, name), out var result))
        {
            result = read(@namespace, name).GetAwaiter().GetResult();
            cache[(@namespace, name)] = result;
        }

        return result;
    }
}
