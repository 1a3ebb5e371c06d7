using System.Text.Json.Nodes;

namespace SecretProjection.Testing.Api;

/// <summary>
/// The API server's <c>Status</c> objects (apimachinery <c>metav1.Status</c>), field for field and in the order
/// its JSON encoder writes them: kind, apiVersion, metadata, status, message, reason, details, code.
/// </summary>
internal static class ApiStatus
{
    private const string InjectedFault = "injected fault";

    /// <summary>A failure status; the reason is left out when empty, as Go's <c>omitempty</c> does.</summary>
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
        };
        if (reason.Length > 0)
        {
            status["reason"] = reason;
        }

        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    /// <summary><c>errors.NewNotFound</c>: <c>secrets "db" not found</c>, <c>clustertrustbundles.certificates.k8s.io "x" not found</c>.</summary>
    public static JsonObject NotFound(ApiResource resource, string name) => NotFound(resource.Group, resource.Plural, name);

    /// <summary><c>errors.NewNotFound</c> of a group and resource.</summary>
    public static JsonObject NotFound(string group, string resource, string name) =>
        Failure(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Details(name, group, resource));

    /// <summary>The authenticator's answer to a request without valid credentials.</summary>
    public static JsonObject Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    /// <summary><c>errors.NewInvalid</c>: <c>TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: …</c>.</summary>
    public static JsonObject Invalid(string group, string kind, string name, string field, string value, string detail) =>
        Failure(
            422,
            "Invalid",
            $"{kind}.{group} \"{name}\" is invalid: {field}: Invalid value: {value}: {detail}",
            Details(name, group, kind, new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {value}: {detail}", ["field"] = field })));

    /// <summary><c>errors.NewConflict</c>: <c>Operation cannot be fulfilled on Pod "web": …</c>.</summary>
    public static JsonObject Conflict(string group, string resource, string name, string detail) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {detail}", Details(name, group, resource));

    private static string Qualified(string group, string resource) => group.Length == 0 ? resource : resource + "." + group;

    /// <summary><c>StatusDetails</c>: name, group, kind and causes, the empty ones left out (<c>omitempty</c>).</summary>
    private static JsonObject Details(string name, string group, string kind, JsonArray? causes = null)
    {
        var details = new JsonObject();
        foreach (var (key, value) in ((string, string)[])[("name", name), ("group", group), ("kind", kind)])
        {
            if (value.Length > 0)
            {
                details[key] = value;
            }
        }

        if (causes is not null)
        {
            details["causes"] = causes;
        }

        return details;
    }

    /// <summary>The answer to a path the server does not serve.</summary>
    public static JsonObject NoSuchPath() =>
        Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    /// <summary><c>errors.NewMethodNotSupported</c>.</summary>
    public static JsonObject MethodNotSupported(string resource, string method) =>
        Failure(405, "MethodNotAllowed", $"{method.ToLowerInvariant()} is not supported on resources of kind \"{resource}\"", new JsonObject { ["kind"] = resource });

    /// <summary><c>errors.NewBadRequest</c>.</summary>
    public static JsonObject BadRequest(string message) => Failure(400, "BadRequest", message);

    /// <summary>
    /// <c>errors.NewResourceExpired</c>: 410 with reason <c>Expired</c>, as the watch cache answers a watch from a
    /// resourceVersion older than its history, <c>too old resource version: 5 (7)</c>.
    /// </summary>
    public static JsonObject Expired(string message) => Failure(410, "Expired", message);

    /// <summary>The storage layer's answer to a resourceVersion newer than the store's (504, reason Timeout).</summary>
    public static JsonObject TooLargeResourceVersion(long asked, long current) =>
        Failure(
            504,
            "Timeout",
            $"Timeout: Too large resource version: {asked}, current: {current}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }), ["retryAfterSeconds"] = 1 });

    /// <summary>An injected failure with the status code asked for, worded as the API server words that code.</summary>
    public static JsonObject Injected(int code, bool watch) => code switch
    {
        400 => BadRequest(InjectedFault),
        401 => Failure(401, "Unauthorized", "Unauthorized"),
        403 => Failure(403, "Forbidden", "forbidden: " + InjectedFault),
        404 => Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject()),
        409 => Failure(409, "Conflict", InjectedFault),
        410 => Expired(watch ? "The resourceVersion for the provided watch is too old." : "The resourceVersion for the provided list is too old."),
        429 => Failure(429, "TooManyRequests", "Too many requests: " + InjectedFault, new JsonObject { ["retryAfterSeconds"] = 1 }),
        500 => Failure(500, "InternalError", "Internal error occurred: " + InjectedFault, new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = InjectedFault }) }),
        503 => Failure(503, "ServiceUnavailable", InjectedFault),
        504 => Failure(504, "Timeout", "Timeout: " + InjectedFault),
        _ => Failure(code, string.Empty, InjectedFault),
    };
}
