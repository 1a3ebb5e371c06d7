using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tests.Environment;

/// <summary>Pods, Secrets and lookups for the environment tests; everything lives in namespace <c>test1</c>.</summary>
internal static class EnvFixtures
{
    public const string Namespace = "test1";

    public static Pod PodWith(Container container) => new() { Name = "dapi-test-pod-name", Namespace = Namespace, Containers = [container] };

    public static Container Container(IEnumerable<EnvFromSource>? envFrom = null, IEnumerable<EnvVar>? env = null) =>
        new() { Name = "c", EnvFrom = envFrom?.ToArray() ?? [], Env = env?.ToArray() ?? [] };

    public static Secret Secret(string name, params (string Key, string Value)[] data) => new()
    {
        Name = name,
        Namespace = Namespace,
        Data = DataMap.FromStrings(data.Select(d => KeyValuePair.Create(d.Key, d.Value))),
    };

    public static ConfigMap ConfigMap(string name, params (string Key, string Value)[] data) => new()
    {
        Name = name,
        Namespace = Namespace,
        Data = data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
    };

    public static EnvVar Literal(string name, string value) => new() { Name = name, Value = value };

    public static EnvVar SecretKey(string name, string secret, string key, bool optional = false) =>
        new() { Name = name, ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector(secret, key, optional) } };

    public static EnvVar ConfigMapKey(string name, string configMap, string key, bool optional = false) =>
        new() { Name = name, ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector(configMap, key, optional) } };

    public static EnvFromSource FromSecret(string name, string prefix = "", bool optional = false) =>
        new() { Prefix = prefix, SecretRef = new ObjectSelector(name, optional) };

    public static EnvFromSource FromConfigMap(string name, string prefix = "", bool optional = false) =>
        new() { Prefix = prefix, ConfigMapRef = new ObjectSelector(name, optional) };

    public static ObjectSnapshot Objects(params object[] objects) =>
        new(objects.OfType<Secret>(), objects.OfType<ConfigMap>());

    public static (string Name, string Value)[] Pairs(SecretProjection.Environment.ContainerEnvironment environment) =>
        environment.Env.Select(v => (v.Name, v.Value)).ToArray();

    /// <summary>A lookup whose every read fails, as an unreachable or forbidding API server does.</summary>
    public sealed class FailingLookup : IObjectLookup
    {
        public LookupResult<Secret> GetSecret(string @namespace, string name) => LookupResult<Secret>.Failed("connection refused");

        public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => LookupResult<ConfigMap>.Failed("connection refused");
    }

    /// <summary>A lookup that runs another resolution on the same thread before it answers.</summary>
    public sealed class ReentrantLookup(Func<SecretProjection.Environment.ContainerEnvironment> resolveInside, IObjectLookup inner) : IObjectLookup
    {
        public SecretProjection.Environment.ContainerEnvironment? InnerResult { get; private set; }

        public LookupResult<Secret> GetSecret(string @namespace, string name)
        {
            InnerResult = resolveInside();
            return inner.GetSecret(@namespace, name);
        }

        public LookupResult<ConfigMap> GetConfigMap(string @namespace, string name) => inner.GetConfigMap(@namespace, name);
    }
}
