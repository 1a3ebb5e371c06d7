using SecretProjection.Caching;
using SecretProjection.Syncing;

namespace SecretProjection.DependencyInjection;

/// <summary>The options <c>AddSecretProjection</c> registers (configuration sections <c>Objects</c> and <c>Sync</c>).</summary>
public sealed class SecretProjectionOptions
{
    /// <summary>How the Secret and ConfigMap managers read and watch objects. Default: <see cref="ObjectManagerOptions"/>'s defaults.</summary>
    public ObjectManagerOptions Objects { get; set; } = new();

    /// <summary>How pod syncs keep volumes in step. Default: <see cref="PodSyncOptions"/>'s defaults.</summary>
    public PodSyncOptions Sync { get; set; } = new();
}
