using System.Threading.Channels;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;

namespace SecretProjection.Agent;

/// <summary>
/// The node's pods as the reflector keeps them (the kubelet's pod config from the API source): it remembers each
/// pod's resourceVersion and passes on only what changed, a relist's differences included, to the agent's loop.
/// The store and its reflector are one object, as the watch-based manager's are: the list, watch, relist and
/// backoff rules are <see cref="Reflector{TList, T}"/>'s. The store's state is touched by the reflector's loop only.
/// </summary>
internal sealed class NodePodStore : RunningReflector<PodList, Pod>
{
    private readonly INodePodSource _source;
    private readonly string _nodeName;
    private readonly ChannelWriter<AgentInput> _inputs;
    private readonly ReflectorSettings _settings;
    private readonly Dictionary<string, string?> _known = new(StringComparer.Ordinal);
    private bool _listed;

    public NodePodStore(INodePodSource source, string nodeName, ChannelWriter<AgentInput> inputs, ReflectorSettings settings)
        : base("*", "spec.nodeName=" + nodeName)
    {
        _source = source;
        _nodeName = nodeName;
        _inputs = inputs;
        _settings = settings;
    }

    protected override ReflectorSettings Settings => _settings;

    /// <summary>The key of a pod: its uid (a pod deleted and made again under its name is another pod), else its name.</summary>
    public static string Key(Pod pod) => pod.Uid ?? pod.QualifiedName;

    protected override Task<PodList> ListAsync(CancellationToken cancellationToken) => _source.ListAsync(_nodeName, cancellationToken);

    protected override string ResourceVersionOf(PodList list) => list.ResourceVersion;

    protected override IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        _source.WatchAsync(_nodeName, resourceVersion, cancellationToken);

    protected override void Replace(PodList list)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in list.Items)
        {
            seen.Add(Key(pod));
            Update(pod);
        }

        foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            _known.Remove(gone);
            _inputs.TryWrite(new AgentInput.PodDeleted(gone));
        }

        if (!_listed)
        {
            _listed = true;
            _inputs.TryWrite(new AgentInput.Listed());
        }
    }

    protected override void Apply(WatchEvent<Pod> change)
    {
        switch (change.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when change.Object is { } pod:
                Update(pod);
                break;
            case WatchEventType.Deleted when change.Object is { } pod && _known.Remove(Key(pod)):
                _inputs.TryWrite(new AgentInput.PodDeleted(Key(pod)));
                break;
        }
    }

    private void Update(Pod pod)
    {
        var key = Key(pod);
        if (_known.TryGetValue(key, out var known) && pod.ResourceVersion is not null && string.Equals(known, pod.ResourceVersion, StringComparison.Ordinal))
        {
            return;
        }

        _known[key] = pod.ResourceVersion;
        _inputs.TryWrite(new AgentInput.PodUpdated(pod));
    }
}
