namespace SecretProjection.Model;

/// <summary>The kubelet's words for an <see cref="ObjectKind"/>.</summary>
internal static class ObjectKindNames
{
    /// <summary>The resource in the kubelet's messages: <c>secret</c>, <c>configmap</c>, … (singular, lower case).</summary>
    public static string Resource(this ObjectKind kind) => kind switch
    {
        ObjectKind.Secret => "secret",
        ObjectKind.ConfigMap => "configmap",
        ObjectKind.Pod => "pod",
        ObjectKind.ServiceAccount => "serviceaccount",
        _ => "clustertrustbundle",
    };
}
