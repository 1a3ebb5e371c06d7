using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.ObjectManagers;

/// <summary>
/// The kubelet's secret or configMap manager (<c>pkg/kubelet/secret</c>, <c>pkg/kubelet/configmap</c>): pods
/// register the objects they reference, and reads are served by the configured
/// <see cref="ChangeDetectionStrategy"/>.
/// </summary>
/// <typeparam name="T"><see cref="Secret"/> or <see cref="ConfigMap"/>.</typeparam>
/// <remarks>
/// The objects a pod references are those of upstream's <c>VisitPodSecretNames</c> and
/// <c>VisitPodConfigmapNames</c>: pull secrets, <c>env</c> and <c>envFrom</c> of every container, and secret,
/// configMap and projected volumes. Disposing stops every watch.
/// </remarks>
public interface IObjectManager<T> : IDisposable
    where T : class
{
    /// <summary>
    /// Raised when a watched object changes (Watch strategy only; Cache and Get never raise it). Handlers run on
    /// the watch's thread and must return quickly.
    /// </summary>
    event EventHandler<ObjectChangedEventArgs>? Changed;

    /// <summary>Reads an object.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>
    /// Found or not found; failed with the kubelet's message when the object is not registered
    /// (<c>object "ns"/"name" not registered</c>), when the watch did not sync within the sync timeout
    /// (<c>failed to sync secret cache: timed out waiting for the condition</c>), or when the source failed.
    /// </returns>
    ValueTask<LookupResult<T>> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers the objects a pod references (keyed by the pod's namespace, name and uid). Registering a pod
    /// again adds its new references before it drops the old ones, so that objects it keeps stay watched.
    /// Never blocks on the source.
    /// </summary>
    /// <param name="pod">The pod.</param>
    void RegisterPod(Pod pod);

    /// <summary>Drops the references of a registered pod; an object no pod references any more is no longer watched.</summary>
    /// <param name="pod">The pod.</param>
    void UnregisterPod(Pod pod);
}
