using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// TokenRequests over KubernetesClient (<c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c>), as the kubelet
/// makes them. A refusal is an <see cref="ObjectSourceException"/> with the server's status; the token itself is never
/// part of a message.
/// </summary>
internal sealed class KubernetesServiceAccountTokenSource : IServiceAccountTokenSource
{
    private const string Resource = "serviceaccounts/token";

    private readonly IKubernetes _client;

    public KubernetesServiceAccountTokenSource(IKubernetes client)
    {
        _client = client;
    }

    public async Task<ServiceAccountToken> RequestAsync(string @namespace, string serviceAccountName, TokenRequestSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        ArgumentNullException.ThrowIfNull(spec);
        var request = new Authenticationv1TokenRequest
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenRequest",
            Spec = new V1TokenRequestSpec
            {
                Audiences = spec.Audiences?.ToList(),
                ExpirationSeconds = spec.ExpirationSeconds,
                BoundObjectRef = spec.BoundObjectRef is { } bound
                    ? new V1BoundObjectReference { Kind = bound.Kind, ApiVersion = bound.ApiVersion, Name = bound.Name, Uid = bound.Uid }
                    : null,
            },
        };

        var target = $"{Resource} {serviceAccountName}";
        Authenticationv1TokenRequest answer;
        try
        {
            answer = await _client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccountName, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response is not null && e.Response.StatusCode != HttpStatusCode.OK)
        {
            throw new ObjectSourceException(ApiFailure.FromResponse(e, Resource, serviceAccountName), null);
        }
        catch (HttpRequestException e)
        {
            throw new ObjectSourceException(ApiFailure.Transport("create", target, e), e);
        }
        catch (JsonException)
        {
            // The exception's message may quote the answer, which holds the token: only where it broke.
            throw new ObjectSourceException($"create {target}: the answer is not readable JSON");
        }
        catch (OperationCanceledException e) when (ApiFailure.IsClientTimeout(e, cancellationToken))
        {
            throw new ObjectSourceException($"create {target}: no answer in time", e);
        }

        if (answer?.Status is not { Token: { Length: > 0 } token, ExpirationTimestamp: { } expiresAt })
        {
            throw new ObjectSourceException($"create {target}: the answer has no token or no expiry");
        }

        var answered = answer.Spec;
        var expiry = expiresAt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc) : expiresAt;
        return new ServiceAccountToken(
            new TokenRequestSpec(answered?.Audiences?.ToArray() ?? spec.Audiences, answered?.ExpirationSeconds ?? spec.ExpirationSeconds, spec.BoundObjectRef),
            token,
            new DateTimeOffset(expiry));
    }
}
