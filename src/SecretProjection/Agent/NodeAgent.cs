using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;

namespace SecretProjection.Agent;

/// <summary>Creates node agents outside dependency injection (inside it, <c>AddSecretProjectionAgent</c> in SecretProjection.Hosting).</summary>
public static class NodeAgent
{
    /// <summary>The logger category of the node agent.</summary>
    internal const string LoggerCategory = "SecretProjection.Agent";

    /// <summary>Creates the agent of one node.</summary>
    /// <param name="nodeName">The node whose pods it syncs.</param>
    /// <param name="pods">Where the node's pods are listed and watched.</param>
    /// <param name="host">The kubelet's root directory on the node.</param>
    /// <param name="syncs">Creates each pod's sync, over the Secret and ConfigMap managers all pods share.</param>
    /// <param name="options">The backoff of the pod reflector (<see cref="ObjectManagerOptions.BackoffInitial"/> and the rest); the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="meterFactory">Where to publish metrics; a meter of its own when <see langword="null"/>.</param>
    /// <returns>The agent; nothing runs until <see cref="INodeAgent.RunAsync"/>.</returns>
    public static INodeAgent Create(
        string nodeName,
        INodePodSource pods,
        INodeVolumeHost host,
        IPodSyncFactory syncs,
        ObjectManagerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null) =>
        Create(nodeName, pods, host, syncs, options, timeProvider, loggerFactory, meterFactory, ObjectManager.DefaultJitter);

    /// <summary>Creates the agent; <paramref name="jitter"/> draws the reflector backoff's random part (0..1).</summary>
    internal static INodeAgent Create(
        string nodeName,
        INodePodSource pods,
        INodeVolumeHost host,
        IPodSyncFactory syncs,
        ObjectManagerOptions? options,
        TimeProvider? timeProvider,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        Func<double> jitter)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(syncs);
        options = ObjectManagerOptionsValidator.Checked(options);
        var time = timeProvider ?? TimeProvider.System;
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var reflector = new ReflectorSettings(
            "Pod",
            options,
            time,
            loggers.CreateLogger(ObjectManager.LoggerCategory),
            new ObjectManagerMetrics(meterFactory, "pod", ChangeDetectionStrategy.Watch),
            jitter);
        return new NodeSynchronizer(nodeName, pods, host, syncs, reflector, time, loggers.CreateLogger(LoggerCategory), new NodeAgentMetrics(meterFactory));
    }
}
