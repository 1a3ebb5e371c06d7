using System.Globalization;
using System.Net;
using System.Reflection;
using k8s;
using k8s.Autorest;

namespace SecretProjection.Kubernetes.Sources;

/// <summary>
/// Sends a watch request as a <see cref="k8s.Kubernetes"/> client sends its own, and hands back the open response for
/// <see cref="WatchEventReader"/> to read: the client's <see cref="k8s.Kubernetes.HttpClient"/> (its handlers, TLS,
/// connection pool: HTTP/2 streams share connections as before), its base address and credentials, HTTP/2 asked for
/// unless the client disables it, and its TLS server name as the Host. KubernetesClient's own watch wraps the response
/// in a line reader that holds its buffers for as long as the watch is open; reading the body here lets an idle watch
/// hold none.
/// </summary>
internal sealed class WatchRequestSender
{
    // What KubernetesClient keeps private, read once: whether the client disables HTTP/2 and the TLS server name it
    // sends as the Host. Both are looked up when this type loads; a KubernetesClient without them gets its own watch.
    private static readonly PropertyInfo? DisableHttp2Property =
        typeof(k8s.Kubernetes).GetProperty("DisableHttp2", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly PropertyInfo? TlsServerNameProperty =
        typeof(k8s.Kubernetes).GetProperty("TlsServerName", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly k8s.Kubernetes _client;
    private readonly bool _http2;
    private readonly string? _host;

    private WatchRequestSender(k8s.Kubernetes client, bool http2, string? host)
    {
        _client = client;
        _http2 = http2;
        _host = host;
    }

    /// <summary>Whether this KubernetesClient exposes what a sender needs (a test pins it, so that an upgrade that hides it fails there).</summary>
    internal static bool IsSupported =>
        DisableHttp2Property?.PropertyType == typeof(bool) && TlsServerNameProperty?.PropertyType == typeof(string);

    /// <summary>
    /// A sender for <paramref name="client"/>, or <see langword="null"/> when it is not a <see cref="k8s.Kubernetes"/>
    /// itself (its own watch is used then): a subclass may send its requests its own way (<c>SendRequestRaw</c> is virtual).
    /// </summary>
    public static WatchRequestSender? For(IKubernetes client) =>
        client?.GetType() == typeof(k8s.Kubernetes) && IsSupported && client is k8s.Kubernetes kubernetes
            ? new WatchRequestSender(
                kubernetes,
                http2: !(bool)DisableHttp2Property!.GetValue(kubernetes)!,
                host: TlsServerNameProperty!.GetValue(kubernetes) as string)
            : null;

    /// <summary>
    /// The relative address of a watch, with the query KubernetesClient's <c>WatchList…Async</c> builds, in its order:
    /// <c>allowWatchBookmarks=true&amp;fieldSelector=…&amp;resourceVersion=…&amp;timeoutSeconds=…&amp;watch=true</c>.
    /// </summary>
    /// <param name="path">The collection: <c>api/v1/namespaces/NS/secrets</c>.</param>
    /// <param name="fieldSelector">The field selector.</param>
    /// <param name="resourceVersion">The resourceVersion to watch from.</param>
    /// <param name="timeoutSeconds">The server's end of the watch.</param>
    public static string Address(string path, string fieldSelector, string resourceVersion, int timeoutSeconds) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{path}?allowWatchBookmarks=true&fieldSelector={Uri.EscapeDataString(fieldSelector)}&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={timeoutSeconds}&watch=true");

    /// <summary>Sends the watch and returns its response once the headers are in; the caller reads and disposes it.</summary>
    /// <param name="relativeAddress">The watch's address under the client's base address (<see cref="Address"/>).</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <returns>The response, with a 2xx status.</returns>
    /// <exception cref="HttpOperationException">
    /// The server answered outside 2xx: as KubernetesClient throws it, with the status and the body the server sent.
    /// </exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public async Task<HttpResponseMessage> SendAsync(string relativeAddress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, relativeAddress));
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
        }

        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(_host))
        {
            request.Headers.Host = _host;
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

            // The body stays out of the message, as it may quote the request; ApiFailure reads the status from it.
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(request, string.Empty),
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }
}
