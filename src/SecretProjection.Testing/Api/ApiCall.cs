namespace SecretProjection.Testing.Api;

/// <summary>What a resource request asks: its verb, the resource at a version, the namespace and the name.</summary>
/// <param name="Verb">The verb.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Version">The version of the resource asked for: <c>v1</c>, <c>v1beta1</c>.</param>
/// <param name="Namespace">The namespace; <see langword="null"/> for all namespaces, or a cluster-scoped resource.</param>
/// <param name="Name">The object named in the path (a get, a TokenRequest's service account); <see langword="null"/> for a collection.</param>
/// <param name="Request">The request.</param>
internal sealed record ApiCall(ApiVerb Verb, ApiResource Resource, string Version, string? Namespace, string? Name, RecordedRequest Request)
{
    /// <summary>
    /// Reads a request's path: <c>/api/v1[/namespaces/NS]/RESOURCE[/NAME]</c>,
    /// <c>/apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME]</c>, and a service account's <c>…/NAME/token</c>.
    /// </summary>
    /// <returns>The call; <see langword="null"/> when the path names no resource the API serves (404), with
    /// <paramref name="unsupported"/> set when it names one but not this method (405).</returns>
    public static ApiCall? Parse(RecordedRequest request, out ApiResource? unsupported)
    {
        unsupported = null;
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, version, rest) = segments switch
        {
            ["api", var v, .. var tail] => (string.Empty, v, tail),
            ["apis", var g, var v, .. var tail] => (g, v, tail),
            _ => (string.Empty, string.Empty, Array.Empty<string>()),
        };
        string? ns = null;
        if (rest is ["namespaces", var named, _, ..])
        {
            ns = named;
            rest = rest[2..];
        }

        if (rest is not [var plural, ..] || ApiResource.FromPath(group, version, plural) is not { } resource)
        {
            return null;
        }

        // A namespaced object is named in its namespace only; a cluster-scoped resource has no namespace.
        if (resource.Namespaced ? ns is null && rest.Length > 1 : ns is not null)
        {
            return null;
        }

        var (verb, name) = (request.Method, rest) switch
        {
            ("GET", [_]) => (request.IsWatch ? ApiVerb.Watch : ApiVerb.List, null),
            ("GET", [_, var n]) => (ApiVerb.Get, n),
            ("POST", [_, var n, "token"]) when resource == ApiResource.ServiceAccounts && ns is not null => (ApiVerb.CreateToken, n),
            (_, [_] or [_, _]) => (ApiVerb.Unsupported, null),
            _ => (ApiVerb.None, null),
        };
        if (verb == ApiVerb.Unsupported)
        {
            unsupported = resource;
        }

        return verb is ApiVerb.None or ApiVerb.Unsupported ? null : new ApiCall(verb, resource, version, ns, name, request);
    }

    /// <summary>The request of an in-memory source's call where requests are not kept: made once, never recorded.</summary>
    public static readonly RecordedRequest Unrecorded = new("GET", "/", new Dictionary<string, string>());

    /// <summary>The request a call of an in-memory source stands for: the one KubernetesClient sends for it.</summary>
    public static RecordedRequest RequestOf(ApiVerb verb, ApiResource resource, string @namespace, string name, string? resourceVersion = null)
    {
        var collection = resource.CollectionPath(@namespace);
        return verb switch
        {
            ApiVerb.Get => new RecordedRequest("GET", collection + "/" + name, new Dictionary<string, string>()),
            ApiVerb.List => new RecordedRequest("GET", collection, new Dictionary<string, string> { ["fieldSelector"] = "metadata.name=" + name }),
            _ => new RecordedRequest("GET", collection, new Dictionary<string, string>
            {
                ["allowWatchBookmarks"] = "true",
                ["fieldSelector"] = "metadata.name=" + name,
                ["resourceVersion"] = resourceVersion ?? string.Empty,
                ["watch"] = "true",
            }),
        };
    }
}

/// <summary>What a resource request does.</summary>
internal enum ApiVerb
{
    /// <summary>Nothing the API serves.</summary>
    None,

    /// <summary>A method the resource does not serve.</summary>
    Unsupported,

    Get,

    List,

    Watch,

    /// <summary>A TokenRequest: <c>POST …/serviceaccounts/NAME/token</c>.</summary>
    CreateToken,
}
