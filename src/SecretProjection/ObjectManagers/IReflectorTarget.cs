using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>What a <see cref="Reflector{TList, T}"/> lists, watches and keeps in step (client-go's <c>ListerWatcher</c> and store).</summary>
/// <typeparam name="TList">What a list answers.</typeparam>
/// <typeparam name="T">The object type.</typeparam>
internal interface IReflectorTarget<TList, T>
    where T : class
{
    /// <summary>The namespace, as the logs name it.</summary>
    string Namespace { get; }

    /// <summary>The object's name or the selector, as the logs name it.</summary>
    string Name { get; }

    /// <summary>Lists.</summary>
    /// <exception cref="ObjectSourceException">The list failed.</exception>
    Task<TList> ListAsync(CancellationToken cancellationToken);

    /// <summary>The list's resourceVersion, to watch from.</summary>
    string ResourceVersionOf(TList list);

    /// <summary>Watches from <paramref name="resourceVersion"/>.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);

    /// <summary>Upstream's <c>store.Replace</c>: the store holds what the list returned, and is synced.</summary>
    void Replace(TList list);

    /// <summary>Applies an Added, Modified, Deleted or Bookmark event.</summary>
    void Apply(WatchEvent<T> change);
}
