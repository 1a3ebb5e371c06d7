namespace SecretProjection.Testing.Api;

/// <summary>
/// A request the simulated API server received, for assertions: over HTTP, or as the request an in-memory source's
/// call stands for (the one KubernetesClient would have sent).
/// </summary>
public sealed class RecordedRequest
{
    /// <summary>A request.</summary>
    /// <param name="method">The HTTP method: <c>GET</c>.</param>
    /// <param name="path">The decoded path: <c>/api/v1/namespaces/shop/secrets</c>.</param>
    /// <param name="query">The decoded query parameters: <c>fieldSelector</c> → <c>metadata.name=db</c>; the last value of a repeated one.</param>
    public RecordedRequest(string method, string path, IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        Method = method;
        Path = path;
        Query = query;
    }

    /// <summary>The HTTP method: <c>GET</c>, <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The decoded path: <c>/api/v1/namespaces/shop/secrets</c>.</summary>
    public string Path { get; }

    /// <summary>The decoded query parameters: <c>fieldSelector</c> → <c>metadata.name=db</c>; the last value of a repeated one.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The body of a <c>POST</c> (a TokenRequest), as text; <see langword="null"/> when there was none.</summary>
    public string? Body { get; init; }

    /// <summary>How it came: <c>HTTP/1.1</c>, <c>HTTP/2</c>, or <c>in-memory</c> for an in-memory source's call.</summary>
    public string Protocol { get; init; } = "in-memory";

    /// <summary>The connection it came on, to tell watches multiplexed on one HTTP/2 connection; <see langword="null"/> in memory.</summary>
    public string? Connection { get; init; }

    /// <summary>
    /// Who sent it, as the transport authenticated them: <c>system:anonymous</c>, a client certificate's common name, a
    /// bearer token's user; <see langword="null"/> when the transport asked for credentials and got none (the request
    /// is answered 401 <c>Unauthorized</c>).
    /// </summary>
    public string? User { get; init; } = "system:anonymous";

    /// <summary>Whether the request asked for a watch (<c>watch=true</c> or <c>watch=1</c>).</summary>
    public bool IsWatch => Query.TryGetValue("watch", out var watch) && watch is "true" or "1";

    /// <summary>A query parameter, or <see langword="null"/> when the request had none of that name.</summary>
    /// <param name="name">The parameter name: <c>resourceVersion</c>.</param>
    /// <returns>The decoded value.</returns>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The request line as a log shows it: <c>GET /api/v1/namespaces/shop/secrets?watch=true</c> (never its body).</summary>
    /// <returns>The method, path and query.</returns>
    public override string ToString() =>
        Query.Count == 0 ? $"{Method} {Path}" : $"{Method} {Path}?{string.Join('&', Query.Select(p => p.Key + "=" + p.Value))}";
}
