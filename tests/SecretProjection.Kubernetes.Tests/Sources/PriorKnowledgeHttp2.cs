using System.Net;

namespace SecretProjection.Kubernetes.Tests.Sources;

/// <summary>
/// Asks for HTTP/2 exactly: over <c>http://</c>, HTTP/2 by prior knowledge (h2c), which KubernetesClient does not ask
/// for by itself (HTTP/2 or lower, over <c>http://</c>, is HTTP/1.1).
/// </summary>
internal sealed class PriorKnowledgeHttp2 : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return base.SendAsync(request, cancellationToken);
    }
}
