namespace SecretProjection.Sources;

/// <summary>
/// The API path to one kind of object (<see cref="Model.Secret"/> or <see cref="Model.ConfigMap"/>): the three
/// calls the kubelet's object managers make. The Get strategy uses <see cref="GetAsync"/>; the TTL cache too;
/// the Watch strategy lists one object by name and watches it from the list's resourceVersion.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <remarks>
/// Implementations: <c>SecretProjection.Kubernetes</c> over KubernetesClient, and an in-memory fake in
/// <c>SecretProjection.Testing</c>. Messages of results and exceptions never carry object values.
/// </remarks>
public interface IObjectSource<T>
    where T : class
{
    /// <summary>Reads one object (<c>GET /api/v1/namespaces/NS/secrets/NAME</c>).</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Found, not found, or failed with a reason (a failure is a result, not an exception).</returns>
    Task<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the object by name (<c>fieldSelector=metadata.name=NAME</c>), as a reflector starts.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The object, if it exists, and the list's resourceVersion to watch from.</returns>
    /// <exception cref="ObjectSourceException">The list failed (unreachable, forbidden, 5xx, …).</exception>
    Task<ObjectList<T>> ListAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the object by name from <paramref name="resourceVersion"/> (<c>watch=1</c>, with bookmarks). The
    /// sequence ends when the server closes the stream; the caller then watches again from the last
    /// resourceVersion it saw.
    /// </summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="resourceVersion">Where to start: the list's, or the last event's.</param>
    /// <param name="cancellationToken">Stops the watch.</param>
    /// <returns>The events, in the server's order. A too-old resourceVersion arrives as an
    /// <see cref="WatchEventType.Error"/> event with status 410, or as an <see cref="ObjectSourceException"/>
    /// whose <see cref="ObjectSourceException.IsExpired"/> is true.</returns>
    /// <exception cref="ObjectSourceException">The watch could not start or broke.</exception>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string @namespace, string name, string resourceVersion, CancellationToken cancellationToken = default);
}
