namespace SecretProjection.Testing.ApiServer;

/// <summary>A request the <see cref="LoopbackApiServer"/> received, for assertions.</summary>
/// <param name="Method">The HTTP method: <c>GET</c>.</param>
/// <param name="Path">The decoded path: <c>/api/v1/namespaces/shop/secrets</c>.</param>
/// <param name="Query">The decoded query parameters: <c>fieldSelector</c> → <c>metadata.name=db</c>; the last value of a repeated one.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query)
{
    /// <summary>Whether the request asked for a watch (<c>watch=true</c> or <c>watch=1</c>).</summary>
    public bool IsWatch => Query.TryGetValue("watch", out var watch) && watch is "true" or "1";

    /// <summary>A query parameter, or <see langword="null"/> when the request had none of that name.</summary>
    /// <param name="name">The parameter name: <c>resourceVersion</c>.</param>
    /// <returns>The decoded value.</returns>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The request line as a log shows it: <c>GET /api/v1/namespaces/shop/secrets?watch=true</c>.</summary>
    /// <returns>The method, path and query.</returns>
    public override string ToString() =>
        Query.Count == 0 ? $"{Method} {Path}" : $"{Method} {Path}?{string.Join('&', Query.Select(p => p.Key + "=" + p.Value))}";
}
