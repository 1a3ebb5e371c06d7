using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The answer to a TokenRequest (<c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c>), as upstream's
/// <c>pkg/registry/core/serviceaccount/storage/token.go</c> gives it: the request validated
/// (<c>expirationSeconds</c> defaults to 3600, at least 600), the service account and the bound object looked up
/// (a Pod must run as that service account; a uid given must match), the audiences defaulted to the server's, and a
/// token whose claims are those of <c>pkg/serviceaccount/claims.go</c>, expiring at now plus
/// <c>expirationSeconds</c> on the server's clock. The token is not signed: its third part is a digest of the first
/// two, so that it is deterministic and shaped like a JWT. Not modelled: <c>--service-account-max-token-expiration</c>
/// and the extension of a 3607-second token bound to a pod.
/// </summary>
internal static class TokenRequests
{
    /// <summary>The shortest lifetime the API server accepts (<c>ValidateTokenRequest</c>).</summary>
    private const long MinimumSeconds = 600;

    private const string Group = "authentication.k8s.io";

    /// <summary>
    /// Answers a TokenRequest: 201 with the request, its defaults and its status; or the API server's error.
    /// <paramref name="lookup"/> finds a stored object (under the state's lock); <paramref name="sequence"/> numbers the
    /// token's <c>jti</c>.
    /// </summary>
    public static (int Code, JsonObject Body, IssuedToken? Issued) Answer(ApiCall call, Func<ObjectKey, ApiObject?> lookup, ApiServerStateOptions options, DateTimeOffset now, long sequence)
    {
        var ns = call.Namespace!;
        var name = call.Name!;
        if (ParseBody(call.Request.Body) is not { } request)
        {
            return (400, ApiStatus.BadRequest("the body of a TokenRequest must be a JSON object"), null);
        }

        var spec = request["spec"] as JsonObject ?? new JsonObject();
        var seconds = spec["expirationSeconds"] is JsonValue value && value.TryGetValue<long>(out var asked) ? asked : 3600;
        if (seconds < MinimumSeconds)
        {
            return (422, ApiStatus.Invalid(Group, "TokenRequest", string.Empty, "spec.expirationSeconds", Text(seconds), "may not specify a duration less than 10 minutes"), null);
        }

        if (seconds > 1L << 32)
        {
            return (422, ApiStatus.Invalid(Group, "TokenRequest", string.Empty, "spec.expirationSeconds", Text(seconds), "may not specify a duration larger than 2^32 seconds"), null);
        }

        if (lookup(new ObjectKey(ApiResource.ServiceAccounts, ns, name)) is not { } serviceAccount)
        {
            return (404, ApiStatus.NotFound(ApiResource.ServiceAccounts, name), null);
        }

        var claims = new JsonObject();
        string? boundKind = null, boundName = null, boundUid = null;
        if (spec["boundObjectRef"] is JsonObject reference)
        {
            boundKind = ApiJson.StringAt(reference, "kind");
            boundName = ApiJson.StringAt(reference, "name") ?? string.Empty;
            var apiVersion = ApiJson.StringAt(reference, "apiVersion") ?? string.Empty;
            var resource = apiVersion is "v1" or "" ? boundKind switch
            {
                "Pod" => ApiResource.Pods,
                "Secret" => ApiResource.Secrets,
                "Node" => ApiResource.Nodes,
                _ => null,
            }
            : null;
            if (resource is null)
            {
                var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : (string.Empty, apiVersion);
                return (400, ApiStatus.BadRequest($"cannot bind token to object of type {group}/{version}, Kind={boundKind}"), null);
            }

            if (lookup(new ObjectKey(resource, resource.Namespaced ? ns : string.Empty, boundName)) is not { } bound)
            {
                return (404, ApiStatus.NotFound(resource, boundName), null);
            }

            if (resource == ApiResource.Pods && (ApiJson.TextAt(bound.Json, "spec.serviceAccountName") ?? "default") != name)
            {
                return (400, ApiStatus.BadRequest($"cannot bind token for serviceaccount \"{name}\" to pod running with different serviceaccount name."), null);
            }

            var askedUid = ApiJson.StringAt(reference, "uid");
            if (!string.IsNullOrEmpty(askedUid) && askedUid != bound.Uid)
            {
                return (409, ApiStatus.Conflict(string.Empty, boundKind!, boundName, $"the UID in the bound object reference ({askedUid}) does not match the UID in record. The object might have been deleted and then recreated"), null);
            }

            boundUid = bound.Uid;
            claims[boundKind!.ToLowerInvariant()] = new JsonObject { ["name"] = boundName, ["uid"] = bound.Uid };
        }

        var audiences = spec["audiences"] is JsonArray { Count: > 0 } given
            ? given.Select(a => a?.GetValue<string>() ?? string.Empty).ToArray()
            : [.. options.ApiAudiences];
        var expires = now.AddSeconds(seconds);
        var token = Token(options.ServiceAccountIssuer, ns, name, serviceAccount.Uid, claims, audiences, now, expires, sequence);

        var metadata = request["metadata"] as JsonObject ?? new JsonObject();
        metadata.Remove("creationTimestamp");
        metadata["creationTimestamp"] = null;
        spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        spec["expirationSeconds"] = seconds;
        var answer = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = Group + "/v1",
            ["metadata"] = metadata.DeepClone(),
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };
        return (201, answer, new IssuedToken(ns, name, audiences, seconds, boundKind, boundName, boundUid, now, token));
    }

    private static JsonObject? ParseBody(string? body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JWT-shaped token with upstream's claims (<c>claims.go</c>): header, claims, and a digest in place of a signature.</summary>
    private static string Token(string issuer, string ns, string name, string uid, JsonObject bound, string[] audiences, DateTimeOffset now, DateTimeOffset expires, long sequence)
    {
        var kubernetes = new JsonObject { ["namespace"] = ns };
        foreach (var (kind, reference) in bound.ToList())
        {
            bound.Remove(kind);
            kubernetes[kind] = reference;
        }

        kubernetes["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid };
        var payload = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["jti"] = string.Create(CultureInfo.InvariantCulture, $"5ec7e7a0-0000-4000-9000-{sequence:x12}"),
            ["kubernetes.io"] = kubernetes,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{ns}:{name}",
        };
        var signed = Base64Url("{\"alg\":\"RS256\",\"kid\":\"secretprojection-testing\"}"u8) + "." + Base64Url(Encoding.UTF8.GetBytes(ApiJson.Serialize(payload)));
        return signed + "." + Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(signed)));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
