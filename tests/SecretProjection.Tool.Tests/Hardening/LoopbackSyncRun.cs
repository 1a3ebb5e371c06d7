using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecretProjection.DependencyInjection;
using SecretProjection.Kubernetes.DependencyInjection;
using SecretProjection.Kubernetes.Sources;
using SecretProjection.Model;
using SecretProjection.ObjectManagers;
using SecretProjection.Sources;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Syncing;
using SecretProjection.Testing.Api;
using SecretProjection.Testing.Volumes;
using static SecretProjection.Tool.Tests.Hardening.ChangeDetectionInputs;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The library as a host wires it (<c>AddLogging</c> with a <see cref="LogCapture"/>, <c>AddSecretProjection</c>,
/// <c>AddKubernetesSources</c>) over the real KubernetesClient and a loopback API server holding the marker
/// Secret, in real time (short back-offs): a pod sync through a rotation and every fault the server can inject,
/// and the sources called directly for their results and failures.
/// </summary>
internal static class LoopbackSyncRun
{
    public static async Task RunAsync(LogCapture log, List<object> produced, string directory)
    {
        var serverOptions = new LoopbackApiServerOptions();
        await using var server = LoopbackApiServer.Start(serverOptions);
        produced.AddRange([serverOptions, server]);
        server.State.PutSecret(Db());
        server.State.PutSecret(Frozen);
        server.State.PutConfigMap(Settings());
        server.State.PutJson(PodJson);
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        server.WriteKubeconfig(kubeconfig, Namespace);

        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(log))
            .AddSecretProjection(options =>
            {
                options.Objects.BackoffInitial = TimeSpan.FromMilliseconds(50);
                options.Objects.BackoffMax = TimeSpan.FromMilliseconds(200);
                options.Sync.MinProjectionInterval = TimeSpan.Zero;
            })
            .AddKubernetesSources(kubeconfig);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var sources = provider.GetRequiredService<KubernetesSources>();
        var pod = (await sources.GetPodAsync(Namespace, "web")).Value!;
        produced.AddRange([sources, pod, provider.GetRequiredService<IOptions<SecretProjectionOptions>>().Value]);

        var volumes = new Dictionary<string, InMemoryVolumeFileSystem>(StringComparer.Ordinal);
        await using (var sync = new SyncSession(provider.GetRequiredService<IPodSyncFactory>().Create(pod, name => volumes[name] = new InMemoryVolumeFileSystem("/volumes/" + name)), produced))
        {
            await sync.UntilEachAsync(SyncTrigger.Initial, Volumes);
            server.State.PutSecret(Db(Rotated(2)));
            await sync.UntilDriftAsync();

            // Half an event (which holds the marker) and a broken connection, until the watch logs its trouble.
            var from = log.Count;
            server.State.CloseWatchesAfter(0, midEvent: true);
            server.State.PutSecret(Db(Rotated(3)));
            await log.WaitForAsync(r => r.EventId.Name is "WatchBackingOff" or "ListAndWatchFailed", from);
            server.State.CloseWatchesAfter(null);
            await sync.UntilAsync("creds", SyncEventKind.VolumeWritten, SyncTrigger.Change);

            await FaultAsync(sync, log, server, "WatchFailed", 4, () =>
            {
                server.State.FailNextRequests(3, statusCode: 500);
                return Dropped(server);
            });
            await FaultAsync(sync, log, server, "WatchExpired", 5, () =>
            {
                server.State.FailNextRequests(2, statusCode: 410);
                return Dropped(server);
            });

            // A watch from a resourceVersion the server has compacted away: a 410 ERROR event.
            await FaultAsync(sync, log, server, "WatchExpired", 6, () =>
            {
                server.State.PutConfigMap(Settings("info"));
                server.State.CompactHistory();
                return Dropped(server);
            });

            // The server goes away (every watch breaks and cannot start again) and comes back.
            await FaultAsync(sync, log, server, "WatchBackingOff", 7, server.StopAsync, server.RestartAsync);
            await WatchingAsync(server);

            server.State.PutSecret(Db(Rotated(8), withToken: false));
            await sync.UntilAsync("picked", SyncEventKind.VolumeFailed, SyncTrigger.Change);
            await sync.UntilDriftAsync();
            server.State.Delete("Secret", Namespace, "db");
            await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Change);
            await sync.UntilAsync("creds", SyncEventKind.VolumeFailed, SyncTrigger.Retry);

            // The pod, followed by its watch: relabelled, then deleted, which ends the sync.
            var updated = log.Count;
            var relabelled = JsonNode.Parse(PodJson)!.AsObject();
            relabelled["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
            server.State.PutJson(relabelled.ToJsonString());
            await log.WaitForAsync("PodUpdated", updated);
            server.State.Delete("Pod", Namespace, "web");
            await sync.UntilAsync(e => e.Kind == SyncEventKind.PodDeleted);
        }

        // Under Get the pod is read again at each periodic sync; a read the server fails keeps the pod.
        server.State.PutJson(PodJson);
        var objects = new ObjectManagerOptions { Strategy = ChangeDetectionStrategy.Get };
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        using (var secrets = ObjectManager.ForSecrets(sources.Secrets, objects, loggerFactory: loggers))
        using (var configMaps = ObjectManager.ForConfigMaps(sources.ConfigMaps, objects, loggerFactory: loggers))
        {
            var periodic = new PodSyncOptions { SyncPeriod = TimeSpan.FromMilliseconds(200) };
            var again = PodSync.Create(pod, secrets, configMaps, name => volumes[name], periodic, loggerFactory: loggers, pods: sources.Pods, podChangeDetection: objects);
            await using var reading = new SyncSession(again, produced);
            await reading.UntilEachAsync(SyncTrigger.Initial, Volumes);
            var from = log.Count;
            // Every request fails (the volumes' reads too) until a periodic sync has failed to read the pod: on a loaded
            // machine the next periodic sync may already be under way.
            server.State.FailNextRequests(int.MaxValue, statusCode: 500);
            await log.WaitForAsync("PodReadFailed", from);
            server.State.FailNextRequests(0);
        }

        produced.AddRange(volumes.Values);
        await CallSourcesAsync(produced, directory);
    }

    /// <summary>
    /// Once both watches are open, a rotation that arrives through the Secret's watch (so that the watch, having
    /// had an event, starts again at once when it ends); then the fault, until the watches log it; then the recovery.
    /// </summary>
    private static async Task FaultAsync(SyncSession sync, LogCapture log, LoopbackApiServer server, string logged, int version, Func<Task> inject, Func<Task>? recover = null)
    {
        await WatchingAsync(server);
        server.State.PutSecret(Db(Rotated(version)));
        await sync.UntilAsync("creds", SyncEventKind.VolumeWritten, SyncTrigger.Change);

        var from = log.Count;
        await inject();
        await log.WaitForAsync(logged, from);
        if (recover is not null)
        {
            await recover();
        }
    }

    /// <summary>
    /// Until the Secret's and the ConfigMap's watches are open. By what they watch, not how many are open: the
    /// immutable Secret's watch, given up as it starts, is counted until the server sees its client go (once, in
    /// 120 loops under load, it was still counted 20 s later).
    /// </summary>
    private static async Task WatchingAsync(LoopbackApiServer server)
    {
        await server.State.WaitForWatchAsync("Secret", Namespace, "db").WaitAsync(RunningTool.HangBound);
        await server.State.WaitForWatchAsync("ConfigMap", Namespace, "settings").WaitAsync(RunningTool.HangBound);
    }

    private static Task Dropped(LoopbackApiServer server)
    {
        server.State.DropWatches();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The sources called directly, against a server of their own (so that their watches are the only ones): a found
    /// Secret, a list, a watch event, and the failures of each against the server's faults.
    /// </summary>
    private static async Task CallSourcesAsync(List<object> produced, string directory)
    {
        var stateOptions = new ApiServerStateOptions();
        await using var server = LoopbackApiServer.Start(new LoopbackApiServerOptions { State = new ApiServerState(stateOptions) });
        server.State.PutSecret(Db());
        produced.AddRange([stateOptions, server.State]);
        var kubeconfig = Path.Combine(directory, "kubeconfig-sources");
        server.WriteKubeconfig(kubeconfig, Namespace);
        using var sources = KubernetesSources.FromKubeconfig(kubeconfig);
        var secrets = sources.Secrets;
        produced.AddRange([server, sources, await secrets.GetAsync(Namespace, "db")]);
        var list = await secrets.ListAsync(Namespace, "db");
        produced.Add(list);

        server.State.FailNextRequests(1, statusCode: 500);
        produced.Add(await secrets.GetAsync(Namespace, "db"));
        server.State.FailNextRequests(1, statusCode: 500);
        produced.Add(Assert.IsType<ObjectSourceException>(await Record.ExceptionAsync(() => secrets.ListAsync(Namespace, "db"))));
        server.State.FailNextRequests(1, statusCode: 410);
        produced.Add(Assert.IsType<ObjectSourceException>(await Record.ExceptionAsync(() => WatchAsync(secrets, list.ResourceVersion, produced))));

        // Half of an event that holds the marker, then the connection breaks.
        server.State.CloseWatchesAfter(0, midEvent: true);
        var broken = Record.ExceptionAsync(() => WatchAsync(secrets, server.State.ResourceVersion, produced));
        await server.State.WaitForOpenWatchesAsync(1).WaitAsync(RunningTool.HangBound);
        server.State.PutSecret(Db(Rotated(1)));
        produced.Add(Assert.IsType<ObjectSourceException>(await broken.WaitAsync(RunningTool.HangBound)));
        server.State.CloseWatchesAfter(null);

        // A whole event: the Secret as the watch delivers it.
        var whole = WatchAsync(secrets, server.State.ResourceVersion, produced);
        await server.State.WaitForOpenWatchesAsync(1).WaitAsync(RunningTool.HangBound);
        server.State.PutSecret(Db());
        await whole.WaitAsync(RunningTool.HangBound);

        // The state's answers as a transport gets them (the Secret's JSON, a watch), and a token it issued.
        var secretsPath = $"/api/v1/namespaces/{Namespace}/secrets";
        produced.Add(server.State.Serve(new RecordedRequest("GET", secretsPath + "/db", new Dictionary<string, string>())));
        var watch = server.State.Serve(new RecordedRequest("GET", secretsPath, new Dictionary<string, string> { ["watch"] = "true" }));
        produced.AddRange([watch, watch.Watch!, await watch.Watch!.ReadLineAsync().AsTask().WaitAsync(RunningTool.HangBound) ?? string.Empty]);
        watch.Watch!.Dispose();
        server.State.PutJson($$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"{{{Namespace}}}"}}""");
        produced.Add(server.State.Serve(new RecordedRequest("POST", $"/api/v1/namespaces/{Namespace}/serviceaccounts/default/token", new Dictionary<string, string>()) { Body = "{}" }));
        produced.AddRange(server.State.IssuedTokens);
    }

    /// <summary>Reads one event of a watch of <c>db</c>.</summary>
    private static async Task WatchAsync(IObjectSource<Secret> secrets, string resourceVersion, List<object> produced)
    {
        await foreach (var change in secrets.WatchAsync(Namespace, "db", resourceVersion))
        {
            produced.Add(change);
            return;
        }
    }
}
