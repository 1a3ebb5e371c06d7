using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Syncing;

namespace SecretProjection.Tests.Syncing;

/// <summary>The sources beyond Secrets and ConfigMaps in the pod sync: downwardAPI volumes, and tokens kept as the kubelet's token manager keeps them.</summary>
public sealed class PodSynchronizerSourceTests
{
    private static readonly ServiceAccountTokenProjection ApiToken = new() { Audience = "api", Path = "token", ExpirationSeconds = 3600 };

    private static Pod TokenPod { get; } = SyncHarness.Pod with
    {
        Containers = [new Container { Name = "app" }],
        Volumes =
        [
            new Volume { Name = "info", DownwardApi = new DownwardApiVolumeSource { Items = [new DownwardApiVolumeFile { Path = "name", FieldRef = new ObjectFieldSelector { FieldPath = "metadata.name" } }] } },
            new Volume { Name = "sa", Projected = new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = ApiToken }] } },
        ],
    };

    [Fact]
    public async Task A_downwardAPI_volume_is_synced_and_a_token_volume_without_a_token_source_fails_as_needing_a_cluster()
    {
        await using var harness = new SyncHarness();
        harness.Begin(pod: TokenPod);

        var events = await harness.NextAsync(2);

        Assert.Equal(SyncEventKind.VolumeWritten, events.Single(e => e.Volume == "info").Kind);
        Assert.Equal("web", harness.Read("info", "name"));
        var failed = events.Single(e => e.Volume == "sa");
        Assert.Equal(SyncEventKind.VolumeFailed, failed.Kind);
        Assert.Contains("needs a cluster", failed.Message, StringComparison.Ordinal);
    }

    // token_manager.go GetServiceAccountToken: a failed renewal serves the cached token until it expires.
    [Fact]
    public async Task A_failed_renewal_keeps_the_token_until_it_expires_then_fails_the_volume()
    {
        await using var harness = new SyncHarness();
        var tokens = new ScriptedTokens(harness.Clock);
        harness.Begin(options: new PodSyncOptions { SyncPeriod = TimeSpan.FromHours(2) }, pod: TokenPod, tokens: tokens);
        var start = harness.Clock.GetUtcNow();
        await harness.NextAsync(2);
        Assert.Equal("token-1", harness.Read("sa", "token"));

        // Renewal due just after 80 % of the hour: the sync wakes then, the request fails, the token stays.
        Assert.Equal(start.AddSeconds(2880).AddMilliseconds(1), await harness.IdleAsync());
        tokens.Refuse = true;
        harness.Clock.Advance(TimeSpan.FromSeconds(2881));
        var kept = await harness.NextAsync();
        Assert.Equal((SyncEventKind.VolumeUnchanged, SyncTrigger.TokenRefresh), (kept.Kind, kept.Trigger));
        Assert.Equal("token-1", harness.Read("sa", "token"));
        Assert.Equal(2, tokens.Requests);

        // Past the expiry the periodic sync finds no token to serve: the volume fails and keeps its contents.
        await harness.IdleAsync();
        harness.Clock.Advance(TimeSpan.FromHours(2));
        var expired = (await harness.NextAsync(2)).Single(e => e.Volume == "sa");
        Assert.Equal(SyncEventKind.VolumeFailed, expired.Kind);
        Assert.StartsWith("token \"default\"/\"ns\"/[]string{\"api\"}/3600/", expired.Message, StringComparison.Ordinal);
        Assert.EndsWith("expired and refresh failed: serviceaccounts \"default\" is forbidden", expired.Message, StringComparison.Ordinal);
        Assert.Equal("token-1", harness.Read("sa", "token"));
    }

    // defaultPodLimitsForDownwardAPI for env: an unset limit is the Node's allocatable, read from the API server
    // although no volume reads the node; a new allocatable is drift (a restart would see it), reported per container.
    [Fact]
    public async Task An_env_limit_that_is_unset_reads_the_nodes_allocatable_and_a_change_of_it_is_drift()
    {
        await using var harness = new SyncHarness();
        harness.Secrets.Put(ObjectManagers.ObjectManagerFixtures.Secret("db"));
        var nodes = new ScriptedNode("4");
        var cpu = new EnvVar { Name = "CPU", ValueFrom = new EnvVarSource { ResourceFieldRef = new ResourceFieldSelector { Resource = "limits.cpu" } } };
        var pod = SyncHarness.Pod with { NodeName = "node-1", Containers = [new Container { Name = "app", Env = [cpu] }], Volumes = [SyncHarness.Pod.Volumes[0]] };
        harness.Begin(options: new PodSyncOptions { SyncPeriod = TimeSpan.FromMinutes(1) }, pod: pod, cluster: nodes);
        Assert.Equal(SyncEventKind.VolumeWritten, (await harness.NextAsync()).Kind);
        Assert.Equal(1, nodes.Reads);

        nodes.Cpu = "8";
        await harness.IdleAsync();
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var (db, drift) = (await harness.NextAsync(), await harness.NextAsync());

        Assert.Equal((SyncEventKind.VolumeUnchanged, SyncEventKind.EnvDrift), (db.Kind, drift.Kind));
        var container = Assert.Single(drift.Drift);
        Assert.Equal(("app", "CPU"), (container.ContainerName, Assert.Single(container.Changes).Name));
    }

    // A volume that needs the Node fails with the API server's words when reading it fails, and as needing a cluster
    // only when nothing could be asked; the same for the ClusterTrustBundles.
    [Fact]
    public async Task A_failed_Node_or_ClusterTrustBundle_read_fails_the_volume_with_the_servers_words()
    {
        await using var harness = new SyncHarness();
        var nodes = new ScriptedNode("4") { Failure = "nodes \"node-1\" is forbidden: User \"system:serviceaccount:ns:default\" cannot get resource \"nodes\"" };
        var cpu = new DownwardApiVolumeFile { Path = "cpu", ResourceFieldRef = new ResourceFieldSelector { ContainerName = "app", Resource = "limits.cpu" } };
        var pod = SyncHarness.Pod with
        {
            NodeName = "node-1",
            Containers = [new Container { Name = "app" }],
            Volumes =
            [
                new Volume { Name = "limits", DownwardApi = new DownwardApiVolumeSource { Items = [cpu] } },
                new Volume { Name = "ca", Projected = new ProjectedVolumeSource { Sources = [new VolumeProjection { ClusterTrustBundle = new ClusterTrustBundleProjection { Name = "root", Path = "ca.pem" } }] } },
            ],
        };
        harness.Begin(pod: pod, cluster: nodes);

        var events = await harness.NextAsync(2);

        var limits = events.Single(e => e.Volume == "limits");
        Assert.Equal(SyncEventKind.VolumeFailed, limits.Kind);
        Assert.Equal("limits.cpu of container app (the node's allocatable): the pod's node could not be read: " + nodes.Failure, limits.Message);
        var ca = events.Single(e => e.Volume == "ca");
        Assert.Equal(SyncEventKind.VolumeFailed, ca.Kind);
        Assert.Equal("clusterTrustBundle \"ca.pem\": the certificates of ClusterTrustBundle \"root\" could not be read: the server could not find the requested resource", ca.Message);
    }

    private sealed class ScriptedNode(string cpu) : IClusterObjectSource
    {
        public string Cpu { get; set; } = cpu;

        public int Reads { get; private set; }

        public string? Failure { get; init; }

        public Task<LookupResult<Node>> GetNodeAsync(string name, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult(Failure is not null ? LookupResult<Node>.Failed(Failure) : LookupResult<Node>.Found(new Node { Name = name, Allocatable = new Dictionary<string, string> { ["cpu"] = Cpu } }));
        }

        public Task<LookupResult<IReadOnlyList<ClusterTrustBundle>>> ListClusterTrustBundlesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(LookupResult<IReadOnlyList<ClusterTrustBundle>>.NotFound());
    }

    private sealed class ScriptedTokens(TimeProvider clock) : IServiceAccountTokenSource
    {
        public bool Refuse { get; set; }

        public int Requests { get; private set; }

        public Task<ServiceAccountToken> RequestAsync(string @namespace, string serviceAccountName, TokenRequestSpec spec, CancellationToken cancellationToken = default)
        {
            Requests++;
            if (Refuse)
            {
                throw new ObjectSourceException("serviceaccounts \"default\" is forbidden");
            }

            return Task.FromResult(new ServiceAccountToken(spec, "token-" + Requests, clock.GetUtcNow().AddSeconds(spec.ExpirationSeconds!.Value)));
        }
    }
}
