using Microsoft.Extensions.Logging;

namespace SecretProjection.Syncing;

/// <summary>The pod sync's log messages: pod, volume and object names and the planner's or writer's messages, never values.</summary>
internal static partial class SyncingLog
{
    [LoggerMessage(101, LogLevel.Information, "Volume {Volume} of pod {Pod} written ({DataDirectory}), trigger {Trigger}")]
    public static partial void VolumeWritten(ILogger logger, string pod, string volume, string? dataDirectory, SyncTrigger trigger);

    [LoggerMessage(102, LogLevel.Debug, "Volume {Volume} of pod {Pod} unchanged, trigger {Trigger}")]
    public static partial void VolumeUnchanged(ILogger logger, string pod, string volume, SyncTrigger trigger);

    [LoggerMessage(103, LogLevel.Warning, "Volume {Volume} of pod {Pod} failed: {Message}")]
    public static partial void VolumeFailed(ILogger logger, string pod, string volume, string? message);

    [LoggerMessage(104, LogLevel.Information, "Environment drift of pod {Pod}: {Containers} container(s) would change on restart")]
    public static partial void EnvDrift(ILogger logger, string pod, int containers);

    [LoggerMessage(105, LogLevel.Error, "The sync of pod {Pod} stopped")]
    public static partial void SyncStopped(ILogger logger, Exception exception, string pod);

    [LoggerMessage(106, LogLevel.Warning, "The token {Path} of volume {Volume} of pod {Pod} could not be renewed; the current one is written until it expires: {Message}")]
    public static partial void TokenRenewalFailed(ILogger logger, string pod, string volume, string path, string message);

    [LoggerMessage(107, LogLevel.Warning, "Pod {Pod}: reading {Object} from the API server failed: {Message}")]
    public static partial void ClusterReadFailed(ILogger logger, string pod, string @object, string? message);

    [LoggerMessage(108, LogLevel.Debug, "Pod {Pod} updated to resourceVersion {ResourceVersion}")]
    public static partial void PodUpdated(ILogger logger, string pod, string? resourceVersion);

    [LoggerMessage(109, LogLevel.Warning, "Pod {Pod}: reading the pod again failed; its last version is kept: {Message}")]
    public static partial void PodReadFailed(ILogger logger, string pod, string? message);

    [LoggerMessage(110, LogLevel.Warning, "Pod {Pod} was deleted; its sync ends and its volumes keep what was last written")]
    public static partial void PodDeleted(ILogger logger, string pod);
}
