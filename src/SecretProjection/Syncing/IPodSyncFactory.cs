using SecretProjection.Model;
using SecretProjection.Writing;

namespace SecretProjection.Syncing;

/// <summary>Creates pod syncs over the registered Secret and ConfigMap managers (registered by <c>AddSecretProjection</c>).</summary>
public interface IPodSyncFactory
{
    /// <summary>Creates the sync of one pod.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="volumes">The directory of each volume, by volume name; called once per volume until it succeeds.</param>
    /// <returns>The sync; nothing runs until <see cref="IPodSync.RunAsync"/>.</returns>
    IPodSync Create(Pod pod, Func<string, IVolumeFileSystem> volumes);
}
