using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>
/// The watch on the one pod a sync follows (<c>fieldSelector=metadata.name=NAME</c>, as the kubelet's pod config
/// watches its pods): each pod the list or the watch gives goes to the sync's loop, and <see langword="null"/> when the
/// pod is gone. The list, watch, relist and backoff rules are <see cref="Reflector{TList, T}"/>'s.
/// </summary>
internal sealed class PodWatch : RunningReflector<ObjectList<Pod>, Pod>
{
    private readonly IObjectSource<Pod> _source;
    private readonly Action<Pod?> _updates;
    private readonly ReflectorSettings _settings;

    public PodWatch(IObjectSource<Pod> source, string @namespace, string name, Action<Pod?> updates, ReflectorSettings settings)
        : base(@namespace, name)
    {
        _source = source;
        _updates = updates;
        _settings = settings;
    }

    protected override ReflectorSettings Settings => _settings;

    protected override Task<ObjectList<Pod>> ListAsync(CancellationToken cancellationToken) => _source.ListAsync(Namespace, Name, cancellationToken);

    protected override string ResourceVersionOf(ObjectList<Pod> list) => list.ResourceVersion;

    protected override IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        _source.WatchAsync(Namespace, Name, resourceVersion, cancellationToken);

    protected override void Replace(ObjectList<Pod> list) => _updates(list.Item);

    protected override void Apply(WatchEvent<Pod> change)
    {
        switch (change.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when change.Object is { } pod:
                _updates(pod);
                break;
            case WatchEventType.Deleted:
                _updates(null);
                break;
        }
    }
}
