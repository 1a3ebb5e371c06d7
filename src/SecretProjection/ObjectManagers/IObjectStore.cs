using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>Upstream's <c>manager.Store</c>: reference-counted objects and reads of them.</summary>
/// <typeparam name="T">The object type.</typeparam>
internal interface IObjectStore<T> : IDisposable
    where T : class
{
    event EventHandler<ObjectChangedEventArgs>? Changed;

    void AddReference(string @namespace, string name, string podUid);

    void DeleteReference(string @namespace, string name, string podUid);

    ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken);
}
