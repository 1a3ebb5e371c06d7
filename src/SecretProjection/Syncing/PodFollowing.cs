using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;

namespace SecretProjection.Syncing;

/// <summary>
/// How a sync follows its pod on the API server, so that a change of its labels or annotations reaches its downwardAPI
/// files: under the Watch strategy a watch of the one pod (<see cref="PodWatch"/>); under Get and Cache a read of the
/// pod at each periodic sync (no watch, so the same <c>get</c> permission suffices).
/// </summary>
/// <param name="Source">Where the pod is read and watched.</param>
/// <param name="Options">The strategy, and the watch's backoff.</param>
/// <param name="Jitter">Draws the backoff's random part (0..1).</param>
internal sealed record PodFollowing(IObjectSource<Pod> Source, ObjectManagerOptions Options, Func<double> Jitter)
{
    public bool Watches => Options.Strategy == ChangeDetectionStrategy.Watch;
}
