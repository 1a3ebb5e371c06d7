using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Testing.Api;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>The bundled <c>samples/manifests/*.yaml</c>, and how a tool loads them into the loopback server.</summary>
internal static class SampleManifests
{
    public static string Directory { get; } = Path.Combine(FindRepoRoot(), "samples", "manifests");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>
    /// Puts every Secret, ConfigMap and Pod of the files into the server: KubernetesClient reads the YAML, and
    /// its JSON goes to the server (which has no YAML reader of its own). Other kinds are skipped.
    /// </summary>
    /// <returns>How many objects were put.</returns>
    public static int LoadInto(LoopbackApiServer server, params string[] files)
    {
        var count = 0;
        foreach (var file in files)
        {
            foreach (var item in KubernetesYaml.LoadAllFromString(File.ReadAllText(file)))
            {
                if (item is V1Secret or V1ConfigMap or V1Pod)
                {
                    server.State.PutJson(KubernetesJson.Serialize(item));
                    count++;
                }
            }
        }

        return count;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretProjection.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecretProjection.sln not found above " + AppContext.BaseDirectory);
    }
}
