using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Input;

/// <summary>
/// A verb's whole input, held: every pod and workload with its kind, the Secrets, ConfigMaps and ServiceAccounts
/// that their references are looked up in, and the Nodes and ClusterTrustBundles a plan may read. A pod or workload whose pod is not needed (another
/// one was picked) is held by its name alone (<see cref="ManifestObject.Model"/> null), so memory holds the
/// objects looked up in, not every pod.
/// </summary>
internal sealed class LoadedInput
{
    private readonly List<ManifestObject> _workloads;
    private readonly List<Node> _nodes;
    private readonly List<ClusterTrustBundle> _trustBundles;

    private LoadedInput(InputSettings settings, List<ManifestObject> workloads, List<Secret> secrets, List<ConfigMap> configMaps, List<ServiceAccount> serviceAccounts, List<Node> nodes, List<ClusterTrustBundle> trustBundles)
    {
        Settings = settings;
        _workloads = workloads;
        Secrets = secrets;
        ConfigMaps = configMaps;
        ServiceAccounts = serviceAccounts;
        Objects = new ObjectSnapshot(secrets, configMaps);
        _nodes = nodes;
        _trustBundles = trustBundles;
    }

    public InputSettings Settings { get; }

    /// <summary>Every Pod and workload in input order; <see cref="ManifestObject.Model"/> is its <see cref="Pod"/> when it was kept.</summary>
    public IReadOnlyList<ManifestObject> Workloads => _workloads;

    public IReadOnlyList<Secret> Secrets { get; }

    public IReadOnlyList<ConfigMap> ConfigMaps { get; }

    public IReadOnlyList<ServiceAccount> ServiceAccounts { get; }

    /// <summary>The Secrets and ConfigMaps, to look a pod's references up in.</summary>
    public ObjectSnapshot Objects { get; }

    /// <summary>Reads the whole input.</summary>
    /// <param name="input">The input.</param>
    /// <param name="keepPod">Which pods and workloads keep their pod; default all.</param>
    /// <exception cref="InputException">An input could not be read, or there were no objects (exit 2).</exception>
    public static LoadedInput Load(ManifestInput input, Func<ManifestObject, bool>? keepPod = null)
    {
        List<ManifestObject> workloads = [];
        List<Secret> secrets = [];
        List<ConfigMap> configMaps = [];
        List<ServiceAccount> serviceAccounts = [];
        List<Node> nodes = [];
        List<ClusterTrustBundle> trustBundles = [];
        foreach (var item in input.Read())
        {
            switch (item.Model)
            {
                case Pod:
                    workloads.Add(keepPod is null || keepPod(item) ? item : item with { Model = null });
                    break;
                case Secret secret:
                    secrets.Add(secret);
                    break;
                case ConfigMap configMap:
                    configMaps.Add(configMap);
                    break;
                case ServiceAccount account:
                    serviceAccounts.Add(account);
                    break;
                case Node node:
                    nodes.Add(node);
                    break;
                case ClusterTrustBundle bundle:
                    trustBundles.Add(bundle);
                    break;
            }
        }

        input.ThrowIfUnreadable();
        return new LoadedInput(input.Settings, workloads, secrets, configMaps, serviceAccounts, nodes, trustBundles);
    }

    /// <summary>
    /// Every pod and workload in input order, each one's pod dropped (held by its name alone) once the next is asked
    /// for: a verb that works on each in turn holds the pods it has not come to yet, not every pod.
    /// </summary>
    public IEnumerable<ManifestObject> TakeWorkloads()
    {
        for (var i = 0; i < _workloads.Count; i++)
        {
            var item = _workloads[i];
            if (item.Model is not null)
            {
                _workloads[i] = item with { Model = null };
            }

            yield return item;
        }
    }

    /// <summary>
    /// What a pod's references are looked up in: <paramref name="objects"/> (default: the input's Secrets and
    /// ConfigMaps), with the pod's node and the ClusterTrustBundles when the input holds them. The node is the one
    /// <c>spec.nodeName</c> names, or, for a pod not yet on a node (every workload's), the input's only Node. Once the
    /// input holds a ClusterTrustBundle, its bundles are taken as all the cluster has.
    /// </summary>
    public ClusterSnapshot LookupFor(Pod pod, IObjectLookup? objects = null)
    {
        var node = pod.NodeName.Length > 0 ? _nodes.LastOrDefault(n => n.Name == pod.NodeName) : _nodes.Count == 1 ? _nodes[0] : null;
        return new ClusterSnapshot(objects ?? Objects, node, _trustBundles.Count > 0 ? _trustBundles : null);
    }

    /// <summary>The pod's ServiceAccount, when the input holds it.</summary>
    public ServiceAccount? ServiceAccountOf(Pod pod) =>
        ServiceAccounts.LastOrDefault(a => a.Name == pod.ServiceAccountName && a.Namespace == pod.Namespace);

    /// <summary>The one pod or workload the verb works on: the only one, or the one <paramref name="selector"/> names.</summary>
    /// <exception cref="InputException">None, or several and no selector that picks one (exit 2): the message lists them.</exception>
    public PodInput SelectPod(PodSelector? selector)
    {
        var candidates = selector is null ? Workloads : [.. Workloads.Where(selector.Matches)];
        if (candidates.Count == 1)
        {
            var picked = candidates[0];
            return new PodInput((Pod)picked.Model!, picked, this);
        }

        var all = string.Join(", ", Workloads.Select(PodSelector.Describe));
        throw new InputException((selector, candidates.Count) switch
        {
            (_, _) when Workloads.Count == 0 => $"no pod or workload in {Settings.Describe()}",
            (null, _) => $"{Settings.Describe()} holds {Workloads.Count} pods and workloads; pick one with --pod NAME or --pod KIND/NAME: {all}",
            (_, 0) => $"--pod {selector}: no such pod or workload in {Settings.Describe()}; it holds {all}",
            _ => $"--pod {selector} matches {candidates.Count}: {string.Join(", ", candidates.Select(PodSelector.Describe))}; name one with --pod KIND/NAME (and -n NAMESPACE)",
        });
    }
}
