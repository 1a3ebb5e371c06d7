using k8s;
using k8s.Models;
using SecretProjection.Testing.ApiServer;

namespace LoopbackCluster;

/// <summary>
/// Puts the Secrets, ConfigMaps and Pods of a YAML or JSON file into the server as <c>kubectl apply</c> would:
/// created or replaced whole, in the context's namespace when they name none. Other kinds are skipped.
/// </summary>
internal sealed class ManifestApplier(LoopbackApiServer server, string defaultNamespace, TextWriter output)
{
    public void Apply(string file)
    {
        // KubernetesClient's own reader: multi-document YAML (or JSON) into typed objects, data decoded from base64.
        foreach (var item in KubernetesYaml.LoadAllFromString(File.ReadAllText(file)))
        {
            if (item is not IKubernetesObject<V1ObjectMeta> manifest)
            {
                output.WriteLine($"{file}: skipped an object without metadata");
                continue;
            }

            var kind = manifest.Kind;
            var metadata = manifest.Metadata;
            if (item is not (V1Secret or V1ConfigMap or V1Pod))
            {
                output.WriteLine($"{kind.ToLowerInvariant()}/{metadata.Name} skipped: the loopback API server stores Secrets, ConfigMaps and Pods");
                continue;
            }

            metadata.NamespaceProperty ??= defaultNamespace;
            var existed = server.GetJson(kind, metadata.NamespaceProperty, metadata.Name) is not null;
            var resourceVersion = server.PutJson(KubernetesJson.Serialize(item));
            output.WriteLine($"{kind.ToLowerInvariant()}/{metadata.Name} {(existed ? "configured" : "created")} in {metadata.NamespaceProperty} (resourceVersion {resourceVersion})");
        }
    }
}
