using Microsoft.Extensions.Logging;

namespace SecretProjection.Agent;

/// <summary>The node agent's log messages: node, pod, uid and volume names and the writer's messages, never values.</summary>
internal static partial class NodeAgentLog
{
    [LoggerMessage(201, LogLevel.Information, "Agent of node {Node} started: listing and watching its pods")]
    public static partial void Started(ILogger logger, string node);

    [LoggerMessage(202, LogLevel.Information, "Pod {Pod} ({Uid}) added with {Volumes} volume(s) to write")]
    public static partial void PodAdded(ILogger logger, string pod, string uid, int volumes);

    [LoggerMessage(203, LogLevel.Information, "Pod {Pod} removed: {Reason}")]
    public static partial void PodRemoved(ILogger logger, string pod, string reason);

    [LoggerMessage(204, LogLevel.Warning, "Volume {Volume} of pod {Pod} not removed: {Error}")]
    public static partial void RemoveFailed(ILogger logger, string pod, string volume, string error);

    [LoggerMessage(205, LogLevel.Warning, "Pod {Pod} skipped: its uid cannot name a directory")]
    public static partial void PodSkipped(ILogger logger, string pod);

    [LoggerMessage(206, LogLevel.Error, "The sync of pod {Pod} stopped on its own; its volumes stay")]
    public static partial void PodSyncFailed(ILogger logger, Exception? exception, string pod);

    [LoggerMessage(207, LogLevel.Information, "Agent of node {Node} ready: {Pods} pod(s) synced once")]
    public static partial void Ready(ILogger logger, string node, int pods);

    [LoggerMessage(208, LogLevel.Error, "The agent of node {Node} stopped")]
    public static partial void Stopped(ILogger logger, Exception exception, string node);
}
