using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Tool.Cli;
using SecretProjection.Validation;

namespace SecretProjection.Tool.Input;

/// <summary>
/// A verb's whole input, held: every pod and workload with its kind, the Secrets, ConfigMaps and ServiceAccounts
/// that their references are looked up in, and the Nodes and ClusterTrustBundles a plan may read. A pod or workload whose pod is not needed (another
/// one was picked, or <c>check</c> is done with it: <see cref="Release"/>) is held by its name alone
/// (<see cref="ManifestObject.Model"/> null), so memory holds the objects looked up in, not every pod.
/// </summary>
internal sealed class LoadedInput
{
    private readonly List<ManifestObject> _workloads = [];
    private readonly InputObjects _objects = new();
    private readonly Dictionary<(string Namespace, string Name), ServiceAccount> _serviceAccounts = [];
    private readonly List<Node> _nodes = [];
    private readonly List<ClusterTrustBundle> _trustBundles = [];

    private LoadedInput(InputSettings settings) => Settings = settings;

    public InputSettings Settings { get; }

    /// <summary>Every Pod and workload in input order; <see cref="ManifestObject.Model"/> is its <see cref="Pod"/> when it was kept.</summary>
    public IReadOnlyList<ManifestObject> Workloads => _workloads;

    /// <summary>The Secrets and ConfigMaps, to look a pod's references up in: the last of each namespace and name.</summary>
    public IObjectLookup Objects => _objects;

    /// <summary>Reads the whole input.</summary>
    /// <param name="input">The input.</param>
    /// <param name="keepPod">Which pods and workloads keep their pod; default all.</param>
    /// <param name="read">
    /// Called after each object is held, with the input as read so far: a verb that can finish with a pod before
    /// the rest is read drops it (<see cref="Release"/>). Default: none.
    /// </param>
    /// <exception cref="InputException">An input could not be read, or there were no objects (exit 2).</exception>
    public static LoadedInput Load(ManifestInput input, Func<ManifestObject, bool>? keepPod = null, Action<LoadedInput, ManifestObject>? read = null)
    {
        var loaded = new LoadedInput(input.Settings);
        foreach (var item in input.Read())
        {
            switch (item.Model)
            {
                case Pod:
                    loaded._workloads.Add(keepPod is null || keepPod(item) ? item : item with { Model = null });
                    break;
                case Secret secret:
                    loaded._objects.Add(secret);
                    break;
                case ConfigMap configMap:
                    loaded._objects.Add(configMap);
                    break;
                case ServiceAccount account:
                    loaded._serviceAccounts[(account.Namespace, account.Name)] = account;
                    break;
                case Node node:
                    loaded._nodes.Add(node);
                    break;
                case ClusterTrustBundle bundle:
                    loaded._trustBundles.Add(bundle);
                    break;
            }

            read?.Invoke(loaded, item);
        }

        input.ThrowIfUnreadable();
        return loaded;
    }

    /// <summary>Drops the pod of the pod or workload at <paramref name="index"/>: it is held by its name alone from now on.</summary>
    public void Release(int index)
    {
        if (_workloads[index].Model is not null)
        {
            _workloads[index] = _workloads[index] with { Model = null };
        }
    }

    /// <summary>
    /// What a pod's references are looked up in: <paramref name="objects"/> (default: the input's Secrets and
    /// ConfigMaps), with the pod's node and the ClusterTrustBundles when the input holds them. The node is the one
    /// <c>spec.nodeName</c> names, or, for a pod not yet on a node (every workload's), the input's only Node. Once the
    /// input holds a ClusterTrustBundle, its bundles are taken as all the cluster has.
    /// </summary>
    public ClusterSnapshot LookupFor(Pod pod, IObjectLookup? objects = null) =>
        new(objects ?? Objects, NodeFor(pod.NodeName), TrustBundleCount > 0 ? _trustBundles : null);

    /// <summary>The Node a pod bound to <paramref name="nodeName"/> (empty: not bound) runs on, when the input holds it.</summary>
    public Node? NodeFor(string nodeName) =>
        nodeName.Length > 0 ? _nodes.LastOrDefault(n => n.Name == nodeName) : _nodes.Count == 1 ? _nodes[0] : null;

    /// <summary>How many ClusterTrustBundles the input holds.</summary>
    public int TrustBundleCount => _trustBundles.Count;

    /// <summary>The pod's ServiceAccount, when the input holds it.</summary>
    public ServiceAccount? ServiceAccountOf(Pod pod) => ServiceAccountOf(pod.Namespace, pod.ServiceAccountName);

    /// <summary>The ServiceAccount of that namespace and name, when the input holds it (the last one).</summary>
    public ServiceAccount? ServiceAccountOf(string @namespace, string name) =>
        _serviceAccounts.GetValueOrDefault((@namespace, name));

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
