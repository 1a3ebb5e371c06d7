namespace SecretProjection.Model;

/// <summary>The built-in Secret types and the keys they require.</summary>
public static class SecretTypes
{
    /// <summary>Arbitrary user-defined data; the default when a Secret names no type.</summary>
    public const string Opaque = "Opaque";

    /// <summary>A ServiceAccount token; needs the <see cref="ServiceAccountNameAnnotation"/> annotation.</summary>
    public const string ServiceAccountToken = "kubernetes.io/service-account-token";

    /// <summary>A legacy <c>~/.dockercfg</c> file under <see cref="DockerConfigKey"/>.</summary>
    public const string DockerConfig = "kubernetes.io/dockercfg";

    /// <summary>A <c>~/.docker/config.json</c> file under <see cref="DockerConfigJsonKey"/>.</summary>
    public const string DockerConfigJson = "kubernetes.io/dockerconfigjson";

    /// <summary>Credentials for basic authentication: <see cref="BasicAuthUsernameKey"/> and/or <see cref="BasicAuthPasswordKey"/>.</summary>
    public const string BasicAuth = "kubernetes.io/basic-auth";

    /// <summary>An SSH private key under <see cref="SshPrivateKey"/>.</summary>
    public const string SshAuth = "kubernetes.io/ssh-auth";

    /// <summary>A TLS certificate and key: <see cref="TlsCertKey"/> and <see cref="TlsPrivateKeyKey"/>.</summary>
    public const string Tls = "kubernetes.io/tls";

    /// <summary>A bootstrap token.</summary>
    public const string BootstrapToken = "bootstrap.kubernetes.io/token";

    /// <summary>The annotation naming the ServiceAccount of a service-account-token Secret.</summary>
    public const string ServiceAccountNameAnnotation = "kubernetes.io/service-account.name";

    /// <summary>The key of a dockercfg Secret.</summary>
    public const string DockerConfigKey = ".dockercfg";

    /// <summary>The key of a dockerconfigjson Secret.</summary>
    public const string DockerConfigJsonKey = ".dockerconfigjson";

    /// <summary>The user-name key of a basic-auth Secret.</summary>
    public const string BasicAuthUsernameKey = "username";

    /// <summary>The password key of a basic-auth Secret.</summary>
    public const string BasicAuthPasswordKey = "password";

    /// <summary>The private-key key of an ssh-auth Secret.</summary>
    public const string SshPrivateKey = "ssh-privatekey";

    /// <summary>The certificate key of a TLS Secret.</summary>
    public const string TlsCertKey = "tls.crt";

    /// <summary>The private-key key of a TLS Secret.</summary>
    public const string TlsPrivateKeyKey = "tls.key";

    /// <summary>The largest total size of a Secret's (or ConfigMap's) data, in bytes: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;
}
