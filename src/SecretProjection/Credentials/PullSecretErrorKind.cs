namespace SecretProjection.Credentials;

/// <summary>Why the kubelet could not read a pull secret.</summary>
public enum PullSecretErrorKind
{
    /// <summary>The data is not JSON of the expected shape (or a field has the wrong JSON type).</summary>
    MalformedJson,

    /// <summary>An <c>auth</c> field is not base64.</summary>
    BadBase64,

    /// <summary>An <c>auth</c> field decodes to text without the <c>:</c> between user name and password.</summary>
    AuthWithoutColon,
}
