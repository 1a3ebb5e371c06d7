using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>The Get strategy (upstream's <c>simpleSecretManager</c>): every read goes to the source; registration does nothing.</summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class GetManager<T> : IObjectManager<T>
    where T : class
{
    private readonly ManagerContext<T> _context;

    public GetManager(ManagerContext<T> context)
    {
        _context = context;
    }

    /// <summary>Never raised: nothing is watched.</summary>
    public event EventHandler<ObjectChangedEventArgs>? Changed
    {
        add { }
        remove { }
    }

    public ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        return _context.FetchAsync(@namespace, name, cancellationToken);
    }

    public void RegisterPod(Pod pod) => ArgumentNullException.ThrowIfNull(pod);

    public void UnregisterPod(Pod pod) => ArgumentNullException.ThrowIfNull(pod);

    public void Dispose()
    {
        // Nothing held: each read goes to the source.
    }
}
