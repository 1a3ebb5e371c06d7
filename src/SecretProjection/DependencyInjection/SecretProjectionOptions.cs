using SecretProjection.Environment;
using SecretProjection.ObjectManagers;
using SecretProjection.Projection;
using SecretProjection.Syncing;

namespace SecretProjection.DependencyInjection;

/// <summary>
/// The options <c>AddSecretProjection</c> registers (configuration sections <c>Objects</c>, <c>Sync</c>,
/// <c>Planning</c> and <c>Environment</c>).
/// </summary>
public sealed class SecretProjectionOptions
{
    /// <summary>How the Secret and ConfigMap managers read and watch objects. Default: <see cref="ObjectManagerOptions"/>'s defaults.</summary>
    public ObjectManagerOptions Objects { get; set; } = new();

    /// <summary>How pod syncs keep volumes in step. Default: <see cref="PodSyncOptions"/>'s defaults.</summary>
    public PodSyncOptions Sync { get; set; } = new();

    /// <summary>How volumes are planned. Default: <see cref="PlanningOptions.Default"/>.</summary>
    public PlanningOptions Planning { get; set; } = PlanningOptions.Default;

    /// <summary>How environments are resolved (for the drift signal of pod syncs). Default: <see cref="EnvResolverOptions.Default"/>.</summary>
    public EnvResolverOptions Environment { get; set; } = EnvResolverOptions.Default;
}
