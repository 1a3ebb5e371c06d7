using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.Agent;
using SecretProjection.DependencyInjection;
using SecretProjection.Linux.Agent;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.TestSupport;
using SecretProjection.Testing.Sources;
using SecretProjection.Writing;
using Xunit.Abstractions;

namespace SecretProjection.Linux.Tests.Agent;

/// <summary>
/// The node agent on a real kubelet root (<see cref="KubeletVolumeHost"/>) where someone swaps a directory the agent
/// made and checked for a link between its checks and its use: the volume fails with the reason, the pod's other
/// volumes are written, and nothing outside the root changes.
/// </summary>
public sealed class NodeAgentOnKubeletRootTests(ITestOutputHelper output) : IDisposable
{
    private const string Node = "node-1";

    private readonly string _dir = Directory.CreateTempSubdirectory("secretprojection-agent-root-").FullName;

    private string Root => Path.Combine(_dir, "kubelet");

    private string Outside => Path.Combine(_dir, "outside");

    [Fact]
    public async Task A_plugin_directory_swapped_for_a_link_before_the_volume_is_opened_fails_that_volume_and_nothing_is_written_outside()
    {
        Directory.CreateDirectory(Path.Combine(Outside, "creds"));
        var before = SandboxSnapshot.Take(Outside);
        var secrets = InMemoryObjectSource.ForSecrets();
        secrets.Put(new Secret { Namespace = "shop", Name = "db", Data = DataMap.FromStrings([KeyValuePair.Create("password", "s3cret")]) });
        using var services = new ServiceCollection()
            .AddSingleton<IObjectSource<Secret>>(secrets)
            .AddSingleton<IObjectSource<ConfigMap>>(InMemoryObjectSource.ForConfigMaps())
            .AddSecretProjection()
            .BuildServiceProvider();
        var host = new SwappingHost(new KubeletVolumeHost(Root), "kubernetes.io~secret", Outside);
        var agent = NodeAgent.Create(Node, new OnePod(Pod()), host, services.GetRequiredService<IPodSyncFactory>());

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new Dictionary<string, AgentEvent>(StringComparer.Ordinal);
        await foreach (var e in agent.RunAsync(stop.Token))
        {
            if (e is { Kind: AgentEventKind.VolumeWritten or AgentEventKind.VolumeFailed, Volume: { } volume })
            {
                seen.TryAdd(volume, e);
            }

            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.True(host.Swapped);
        Assert.Equal(AgentEventKind.VolumeFailed, seen["creds"].Kind);
        Assert.Contains("symbolic link", seen["creds"].Message, StringComparison.Ordinal);
        Assert.Equal(AgentEventKind.VolumeWritten, seen["all"].Kind);
        Assert.Equal("s3cret", File.ReadAllText(Path.Combine(Root, "pods", "uid-web", "volumes", "kubernetes.io~projected", "all", "password")));
        var changes = before.Diff(SandboxSnapshot.Take(Outside));
        Assert.Empty(changes);
        output.WriteLine($"plugin directory swapped for a link (agent): creds {seen["creds"].Kind} ({seen["creds"].Message}); all {seen["all"].Kind}; changes-outside-the-root={changes.Count}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Pod Pod() => new()
    {
        Namespace = "shop",
        Name = "web",
        Uid = "uid-web",
        Phase = "Running",
        Containers = [new Container { Name = "app" }],
        Volumes =
        [
            new Volume { Name = "creds", Secret = new SecretVolumeSource { SecretName = "db" } },
            new Volume
            {
                Name = "all",
                Projected = new ProjectedVolumeSource { Sources = [new VolumeProjection { Secret = new ProjectedObject { Name = "db" } }] },
            },
        ],
    };

    /// <summary>A node with one pod that never changes.</summary>
    private sealed class OnePod(Pod pod) : INodePodSource
    {
        public Task<PodList> ListAsync(string nodeName, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PodList([pod], "1"));

        public async IAsyncEnumerable<WatchEvent<Pod>> WatchAsync(string nodeName, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }

    /// <summary>
    /// The real host, but the first time a volume of <paramref name="plugin"/> is opened its plugin directory, made
    /// and checked by the agent a moment before, is replaced by a link to <paramref name="outside"/>.
    /// </summary>
    private sealed class SwappingHost(KubeletVolumeHost inner, string plugin, string outside) : INodeVolumeHost
    {
        public bool Swapped { get; private set; }

        public IVolumeFileSystem Root => inner.Root;

        public IVolumeFileSystem OpenVolume(string path, bool memoryBacked)
        {
            var directory = inner.FullPath(path[..path.LastIndexOf('/')]);
            if (!Swapped && directory.EndsWith("/" + plugin, StringComparison.Ordinal))
            {
                Directory.Delete(directory, recursive: true);
                File.CreateSymbolicLink(directory, outside);
                Swapped = true;
            }

            return inner.OpenVolume(path, memoryBacked);
        }

        public bool Unmount(string path) => inner.Unmount(path);
    }
}
