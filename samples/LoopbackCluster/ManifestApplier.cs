using k8s;
using k8s.Models;
using SecretProjection.Kubernetes.Testing;

namespace LoopbackCluster;

/// <summary>
/// Puts the objects of a YAML or JSON file into the server as <c>kubectl apply</c> would: created or replaced whole, in
/// the context's namespace when they name none. Kinds the server does not store are skipped.
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
            metadata.NamespaceProperty ??= defaultNamespace;
            try
            {
                var existed = server.State.GetJson(kind, metadata.NamespaceProperty, metadata.Name) is not null;
                var resourceVersion = server.State.PutJson(KubernetesJson.Serialize(item));
                output.WriteLine($"{kind.ToLowerInvariant()}/{metadata.Name} {(existed ? "configured" : "created")} in {metadata.NamespaceProperty} (resourceVersion {resourceVersion})");
            }
            catch (ArgumentException)
            {
                // The state's message names the kinds it stores; it never quotes the object.
                output.WriteLine($"{kind.ToLowerInvariant()}/{metadata.Name} skipped: the loopback API server does not store {manifest.ApiVersion} {kind}");
            }
        }
    }
}
