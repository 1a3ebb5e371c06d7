using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SecretProjection.Sources;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// Turns what KubernetesClient throws into the port's failures, worded as client-go words them: the server's
/// <c>Status</c> when it sent one, else client-go's <c>NewGenericServerResponse</c> message
/// (<c>the server is currently unable to handle the request (get secrets db)</c>). Never a value of an object.
/// </summary>
internal static class ApiFailure
{
    /// <summary>The status of an HTTP answer outside 2xx.</summary>
    /// <param name="failure">The client's exception, with the answer's code and body.</param>
    /// <param name="resource">The resource asked for: <c>secrets</c>.</param>
    /// <param name="name">The object's name, or <see langword="null"/> for a list or watch.</param>
    public static SourceStatus FromResponse(HttpOperationException failure, string resource, string? name)
    {
        var code = (int)(failure.Response?.StatusCode ?? 0);
        if (ReadStatus(failure.Response?.Content) is { } status && (!string.IsNullOrEmpty(status.Message) || !string.IsNullOrEmpty(status.Reason)))
        {
            return new SourceStatus(status.Code is > 0 ? status.Code.Value : code, status.Reason ?? string.Empty, status.Message ?? string.Empty);
        }

        var (reason, message) = Generic(code);
        var target = name is null ? resource : resource + " " + name;
        return new SourceStatus(code, reason, $"{message} (get {target})");
    }

    /// <summary>The status carried by a watch's <c>ERROR</c> event.</summary>
    public static SourceStatus FromStatus(V1Status status) =>
        new(status.Code ?? 0, status.Reason ?? string.Empty, status.Message ?? string.Empty);

    /// <summary>A failure to reach the server or to read its answer: the transport's message names no values.</summary>
    public static string Transport(string verb, string resource, Exception failure) =>
        $"{verb} {resource}: {failure.Message}";

    /// <summary>An answer that is not the JSON expected: only where it broke, since the text may hold values.</summary>
    public static string Unreadable(string verb, string resource, JsonException failure) =>
        $"{verb} {resource}: the answer is not readable JSON (path {failure.Path ?? "$"}, line {failure.LineNumber}, byte {failure.BytePositionInLine})";

    /// <summary>Whether the client gave up waiting (its HttpClientTimeout), rather than the caller cancelling.</summary>
    public static bool IsClientTimeout(Exception failure, CancellationToken cancellationToken) =>
        failure is OperationCanceledException && !cancellationToken.IsCancellationRequested;

    private static V1Status? ReadStatus(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(body);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // client-go's NewGenericServerResponse, for an answer without a Status (a proxy's error page, an empty body).
    private static (string Reason, string Message) Generic(int code) => code switch
    {
        (int)HttpStatusCode.Conflict => ("Conflict", "the server reported a conflict"),
        (int)HttpStatusCode.NotFound => ("NotFound", "the server could not find the requested resource"),
        (int)HttpStatusCode.BadRequest => ("BadRequest", "the server rejected our request for an unknown reason"),
        (int)HttpStatusCode.Unauthorized => ("Unauthorized", "the server has asked for the client to provide credentials"),
        (int)HttpStatusCode.Forbidden => ("Forbidden", "unknown"),
        (int)HttpStatusCode.MethodNotAllowed => ("MethodNotAllowed", "the server does not allow this method on the requested resource"),
        (int)HttpStatusCode.UnprocessableEntity => ("Invalid", "the server rejected our request due to an error in our request"),
        (int)HttpStatusCode.ServiceUnavailable => ("ServiceUnavailable", "the server is currently unable to handle the request"),
        (int)HttpStatusCode.GatewayTimeout => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
        (int)HttpStatusCode.TooManyRequests => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
        >= 500 => ("InternalError", "an error on the server (\"unknown\") has prevented the request from succeeding"),
        _ => (string.Empty, $"the server responded with the status code {code} but did not return more information"),
    };
}
