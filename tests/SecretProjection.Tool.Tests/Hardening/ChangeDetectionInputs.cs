using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;
using static SecretProjection.Tool.Tests.Hardening.Redaction;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The pod and objects of the change-detection redaction runs: every value holds the marker. The pod reads the
/// Secret <c>db</c> through a secret volume, a projected volume (one key), a volume whose key never exists, and its
/// environment (two keys and <c>envFrom</c>); an immutable Secret through a volume of its own; a ConfigMap.
/// </summary>
internal static class ChangeDetectionInputs
{
    public const string Namespace = "shop";

    /// <summary>The pod, as JSON (the loopback API server stores it so; YAML readers take it too).</summary>
    public const string PodJson = """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop", "uid": "uid-web"},
         "spec": {
           "containers": [{"name": "app", "image": "app",
             "env": [{"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                     {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "db", "key": "token"}}},
                     {"name": "URL", "value": "postgres://app:$(PASSWORD)@db/shop"}],
             "envFrom": [{"prefix": "DB_", "secretRef": {"name": "db"}}, {"configMapRef": {"name": "settings"}}]}],
           "volumes": [
             {"name": "creds", "secret": {"secretName": "db"}},
             {"name": "frozen", "secret": {"secretName": "frozen"}},
             {"name": "picked", "projected": {"sources": [
               {"secret": {"name": "db", "items": [{"key": "token", "path": "auth/token"}]}},
               {"configMap": {"name": "settings"}}]}},
             {"name": "missing", "secret": {"secretName": "db", "items": [{"key": "nope", "path": "x"}]}}]}}
        """;

    /// <summary>The volumes of <see cref="WebPod"/>, in its order.</summary>
    public static readonly string[] Volumes = ["creds", "frozen", "picked", "missing"];

    public static Pod WebPod { get; } = ManifestReader.Read(PodJson, "pod.json").Pods.Single();

    /// <summary>The Secret <c>db</c>; <paramref name="password"/> is what distinguishes its versions.</summary>
    /// <param name="password">The password, which holds the marker.</param>
    /// <param name="withToken">Whether it has the key <c>token</c> (the projected volume and the environment need it).</param>
    public static Secret Db(string password = Marker, bool withToken = true) => new()
    {
        Name = "db",
        Namespace = Namespace,
        Data = DataMap.FromStrings(
            withToken
                ? [KeyValuePair.Create("password", password), KeyValuePair.Create("token", Shifted), KeyValuePair.Create("other", Marker.ToUpperInvariant())]
                : [KeyValuePair.Create("password", password), KeyValuePair.Create("other", Marker.ToUpperInvariant())]),
    };

    /// <summary>A rotated password: the marker with something around it.</summary>
    public static string Rotated(int version) => $"v{version}-{Marker}";

    public static Secret Frozen { get; } = new()
    {
        Name = "frozen",
        Namespace = Namespace,
        Immutable = true,
        Data = DataMap.FromStrings([KeyValuePair.Create("key", Marker)]),
    };

    public static ConfigMap Settings(string level = "debug") => new()
    {
        Name = "settings",
        Namespace = Namespace,
        Data = new Dictionary<string, string> { ["level"] = level, ["note"] = Marker },
    };
}
