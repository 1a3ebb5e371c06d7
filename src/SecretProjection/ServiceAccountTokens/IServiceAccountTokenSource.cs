using SecretProjection.Sources;

namespace SecretProjection.ServiceAccountTokens;

/// <summary>
/// The API server's TokenRequest (<c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c>, verb <c>create</c> on
/// <c>serviceaccounts/token</c>): issues a token of a ServiceAccount. The pod sync asks it for each
/// <c>serviceAccountToken</c> source it projects, bound to the pod, and keeps the answers as the kubelet's token
/// manager does (<c>pkg/kubelet/token/token_manager.go</c>): a token is served until 80 % of its lifetime or 24 hours
/// have passed, and a failed renewal keeps serving it until it expires.
/// </summary>
public interface IServiceAccountTokenSource
{
    /// <summary>Asks for a token.</summary>
    /// <param name="namespace">The ServiceAccount's namespace.</param>
    /// <param name="serviceAccountName">The ServiceAccount's name.</param>
    /// <param name="spec">What is asked for: audiences, lifetime, the object the token is bound to.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The token, with the spec as the server answered it (its lifetime may differ from the one asked for).</returns>
    /// <exception cref="ObjectSourceException">The server refused or could not be reached; the message never holds a token.</exception>
    Task<ServiceAccountToken> RequestAsync(string @namespace, string serviceAccountName, TokenRequestSpec spec, CancellationToken cancellationToken = default);
}
