using Microsoft.Extensions.Logging;

namespace SecretProjection.ObjectManagers;

/// <summary>The managers' log messages: object names and the source's messages, never values.</summary>
internal static partial class ObjectManagerLog
{
    [LoggerMessage(1, LogLevel.Debug, "Stopped watching for changes - {Kind} {Namespace}/{Name} is immutable")]
    public static partial void StoppedImmutable(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(2, LogLevel.Warning, "Failed to list and watch {Kind} {Namespace}/{Name}: {Error}")]
    public static partial void ListAndWatchFailed(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(3, LogLevel.Debug, "Watch of {Kind} {Namespace}/{Name} closed with: {Error}; relisting")]
    public static partial void WatchExpired(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(4, LogLevel.Warning, "Watch of {Kind} {Namespace}/{Name} ended with: {Error}; relisting")]
    public static partial void WatchFailed(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(5, LogLevel.Debug, "Watch of {Kind} {Namespace}/{Name} returned {Error} - backing off {Delay}")]
    public static partial void WatchBackingOff(ILogger logger, string kind, string @namespace, string name, string error, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Debug, "Relisting {Kind} {Namespace}/{Name} after {Delay}")]
    public static partial void Relisting(ILogger logger, string kind, string @namespace, string name, TimeSpan delay);

    [LoggerMessage(7, LogLevel.Error, "A handler of the change of {Kind} {Namespace}/{Name} failed")]
    public static partial void ChangedHandlerFailed(ILogger logger, Exception exception, string kind, string @namespace, string name);

    [LoggerMessage(8, LogLevel.Debug, "Fetching {Kind} {Namespace}/{Name} failed: {Error}")]
    public static partial void FetchFailed(ILogger logger, string kind, string @namespace, string name, string error);

    [LoggerMessage(9, LogLevel.Debug, "Started watching {Kind} {Namespace}/{Name}")]
    public static partial void WatchStarted(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(10, LogLevel.Debug, "Stopped watching {Kind} {Namespace}/{Name}: no pod references it")]
    public static partial void WatchStopped(ILogger logger, string kind, string @namespace, string name);
}
