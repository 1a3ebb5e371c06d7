using System.Text;
using SecretProjection.Model;

namespace SecretProjection.Tests.Credentials;

/// <summary>Pull secrets for the credential tests.</summary>
internal static class PullSecrets
{
    public const string FooBarAuth = "Zm9vOmJhcg=="; // foo:bar

    /// <summary>A kubernetes.io/dockerconfigjson secret holding <paramref name="json"/>.</summary>
    public static Secret ConfigJson(string name, string json, string ns = "default") => new()
    {
        Name = name,
        Namespace = ns,
        Type = SecretTypes.DockerConfigJson,
        Data = DataMap.Create([KeyValuePair.Create(SecretTypes.DockerConfigJsonKey, Encoding.UTF8.GetBytes(json))]),
    };

    /// <summary>A legacy kubernetes.io/dockercfg secret holding <paramref name="json"/>.</summary>
    public static Secret Cfg(string name, string json, string ns = "default") => new()
    {
        Name = name,
        Namespace = ns,
        Type = SecretTypes.DockerConfig,
        Data = DataMap.Create([KeyValuePair.Create(SecretTypes.DockerConfigKey, Encoding.UTF8.GetBytes(json))]),
    };

    /// <summary>A dockercfg secret with one entry for <paramref name="registry"/>: e-mail and auth, as the upstream keyring tests write it.</summary>
    public static Secret SampleDockerConfig(string registry, string auth = FooBarAuth) =>
        Cfg("sample", $$"""{ "{{registry}}": { "email": "foo@bar.baz", "auth": "{{auth}}" } }""");
}
