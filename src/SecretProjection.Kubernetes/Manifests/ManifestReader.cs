namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Reads Kubernetes manifests — YAML or JSON, several documents, <c>v1</c> <c>List</c>s — into the model, in one
/// pass: time grows linearly with the input, and memory with its largest object (at most 3 MiB, the API
/// server's request limit), not with the input. Pods, Secrets, ConfigMaps and ServiceAccounts are read, and the
/// workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate)
/// as the pod of their template, and the cluster-scoped Nodes and ClusterTrustBundles (named without a namespace);
/// other kinds are kept as skipped entries. Fields are checked as the API server's
/// strict field validation checks them: an unknown field or kind is a warning on the object
/// (<see cref="ManifestObject.Warnings"/>); a repeated key, a value of the wrong type or bad base64 is an error
/// with its field path and line.
/// </summary>
public static class ManifestReader
{
    /// <summary>Reads manifest text.</summary>
    /// <param name="content">The YAML or JSON text.</param>
    /// <param name="source">The name to report in errors: a file name, or <c>-</c>.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ManifestException">The text is not a readable manifest.</exception>
    public static ManifestSet Read(string content, string source) => Read(content, source, ManifestReaderOptions.Default);

    /// <summary>Reads manifest text.</summary>
    /// <param name="content">The YAML or JSON text.</param>
    /// <param name="source">The name to report in errors: a file name, or <c>-</c>.</param>
    /// <param name="options">How to read.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ManifestException">The text is not a readable manifest.</exception>
    public static ManifestSet Read(string content, string source, ManifestReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StringReader(content);
        return new ManifestSet([.. ReadObjects(reader, source, options)]);
    }

    /// <summary>
    /// Reads manifests from a text reader, one object at a time as the enumeration asks for it; nothing is kept
    /// once an object is returned. The first problem ends the enumeration with a <see cref="ManifestException"/>
    /// (the objects before it were returned); an exception of the reader itself (an <see cref="IOException"/>)
    /// passes through unchanged.
    /// </summary>
    /// <param name="reader">The YAML or JSON text; read once, to its end or to the first problem.</param>
    /// <param name="source">The name to report in errors: a file name, or <c>-</c>.</param>
    /// <param name="options">How to read; <see cref="ManifestReaderOptions.Default"/> when null.</param>
    /// <returns>The objects, in input order.</returns>
    public static IEnumerable<ManifestObject> ReadObjects(TextReader reader, string source, ManifestReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        return new ManifestStream(reader, source, options ?? ManifestReaderOptions.Default).ReadAll();
    }
}
