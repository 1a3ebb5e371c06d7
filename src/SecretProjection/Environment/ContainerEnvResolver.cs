using System.Globalization;
using System.Text;
using SecretProjection.DownwardApi;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Validation;

namespace SecretProjection.Environment;

/// <summary>
/// Builds one container's environment as the kubelet's <c>makeEnvironmentVariables</c> does: <c>envFrom</c> in
/// order (later sources overwrite), then <c>env</c> in order (expanding <c>$(VAR)</c> in literal values against
/// what is defined so far), stopping at the first reference that keeps the container from starting.
/// </summary>
internal sealed class ContainerEnvResolver
{
    private readonly Pod _pod;
    private readonly Container _container;
    private readonly ContainerKind _kind;
    private readonly int _index;
    private readonly IObjectLookup _lookup;
    private readonly EnvResolverOptions _options;
    private EnvBuilder _env = null!;
    private Dictionary<string, Secret> _secrets = null!;
    private Dictionary<string, ConfigMap> _configMaps = null!;
    private List<PodEvent>? _events;
    private ContainerStartError? _error;

    public ContainerEnvResolver(Pod pod, Container container, ContainerKind kind, int index, IObjectLookup lookup, EnvResolverOptions options)
    {
        _pod = pod;
        _container = container;
        _kind = kind;
        _index = index;
        _lookup = lookup;
        _options = options;
    }

    public ContainerEnvironment Resolve()
    {
        var scratch = EnvScratch.Rent();
        try
        {
            _env = scratch.Env;
            _secrets = scratch.Secrets;
            _configMaps = scratch.ConfigMaps;
            return ResolveWithScratch();
        }
        finally
        {
            EnvScratch.Return(scratch);
        }
    }

    private ContainerEnvironment ResolveWithScratch()
    {
        var envFrom = _container.EnvFrom;
        for (var i = 0; i < envFrom.Count && _error is null; i++)
        {
            AddEnvFrom(envFrom[i], i);
        }

        var env = _container.Env;
        for (var i = 0; i < env.Count && _error is null; i++)
        {
            AddEnv(env[i], i);
        }

        if (_error is not null)
        {
            AddEvent(EnvEventReasons.Failed, "Error: " + _error.Message);
        }

        return new ContainerEnvironment
        {
            ContainerName = _container.Name,
            Kind = _kind,
            Env = _error is null ? _env.ToArray() : [],
            Events = _events is null ? [] : _events.ToArray(),
            Error = _error,
        };
    }

    private void AddEnvFrom(EnvFromSource source, int index)
    {
        if (source.SecretRef is { } secretRef)
        {
            if (FindSecret(secretRef.Name, secretRef.Optional, null, index) is { } secret)
            {
                var data = secret.Data;
                List<string>? invalid = null;
                for (var k = 0; k < data.Count && _error is null; k++)
                {
                    AddFromSource(source.Prefix, data.KeyAt(k), Decode(data.ValueAt(k).Span), ref invalid, index);
                }

                ReportInvalid(ObjectKind.Secret, secretRef.Name, invalid);
            }
        }
        else if (source.ConfigMapRef is { } configMapRef)
        {
            if (FindConfigMap(configMapRef.Name, configMapRef.Optional, null, index) is { } configMap)
            {
                // The kubelet ranges over a Go map; ordinal key order keeps the result deterministic.
                var keys = configMap.Data.Keys.ToArray();
                Array.Sort(keys, StringComparer.Ordinal);
                List<string>? invalid = null;
                for (var k = 0; k < keys.Length && _error is null; k++)
                {
                    var key = keys[k];
                    AddFromSource(source.Prefix, key, configMap.Data[key], ref invalid, index);
                }

                ReportInvalid(ObjectKind.ConfigMap, configMapRef.Name, invalid);
            }
        }
    }

    private void AddFromSource(string prefix, string key, string value, ref List<string>? invalid, int index)
    {
        var name = prefix.Length == 0 ? key : prefix + key;
        if (_options.EnvVarNames == EnvVarNameMode.Strict && !NameRules.IsEnvVarName(name))
        {
            (invalid ??= []).Add(name);
            return;
        }

        Set(name, value, Field.EnvFrom, index);
    }

    private void ReportInvalid(ObjectKind kind, string name, List<string>? invalid)
    {
        if (invalid is not null)
        {
            AddEvent(EnvEventReasons.InvalidEnvironmentVariableNames, EnvMessages.InvalidKeys(kind, invalid, _pod.Namespace, name));
        }
    }

    private void AddEnv(EnvVar variable, int index)
    {
        if (variable.Value.Length > 0)
        {
            var remaining = (int)Math.Max(0, _options.MaxEnvironmentLength - _env.TotalLength);
            var expanded = EnvExpansion.Expand(variable.Value, _env.AsSource(), remaining);
            if (expanded is null)
            {
                TooLarge(Field.Value, index);
                return;
            }

            Set(variable.Name, expanded, Field.Value, index);
            return;
        }

        var from = variable.ValueFrom;
        string? value = from switch
        {
            null => string.Empty,
            { SecretKeyRef: { } reference } => SecretKeyValue(variable.Name, reference, index),
            { ConfigMapKeyRef: { } reference } => ConfigMapKeyValue(variable.Name, reference, index),
            { FieldPath: { } fieldPath } => FieldValue(variable.Name, fieldPath, index),
            { ResourceFieldRef: { } resource } => ResourceValue(variable.Name, resource, index),
            { UnsupportedKind: { } unsupported } => Unresolved(variable.Name, unsupported),
            _ => string.Empty,
        };

        if (value is not null)
        {
            Set(variable.Name, value, Field.ValueFrom, index);
        }
    }

    private string? SecretKeyValue(string variable, KeySelector reference, int index)
    {
        var secret = FindSecret(reference.Name, reference.Optional, variable, index);
        if (secret is null)
        {
            return null;
        }

        if (secret.Data.TryGetValue(reference.Key, out var bytes))
        {
            return Decode(bytes.Span);
        }

        return MissingKey(ObjectKind.Secret, variable, reference, index);
    }

    private string? ConfigMapKeyValue(string variable, KeySelector reference, int index)
    {
        var configMap = FindConfigMap(reference.Name, reference.Optional, variable, index);
        if (configMap is null)
        {
            return null;
        }

        if (configMap.Data.TryGetValue(reference.Key, out var value))
        {
            return value;
        }

        return MissingKey(ObjectKind.ConfigMap, variable, reference, index);
    }

    private string? MissingKey(ObjectKind kind, string variable, KeySelector reference, int index)
    {
        if (reference.Optional)
        {
            AddEvent(
                kind == ObjectKind.Secret ? EnvEventReasons.OptionalSecretKeyNotFound : EnvEventReasons.OptionalConfigMapKeyNotFound,
                EnvMessages.SkippedOptional(variable, EnvMessages.OptionalKeyNotFound(kind, reference.Key, reference.Name)));
        }
        else
        {
            _error = new ContainerStartError(
                kind == ObjectKind.Secret ? EnvErrorKind.SecretKeyNotFound : EnvErrorKind.ConfigMapKeyNotFound,
                EnvMessages.KeyNotFound(kind, reference.Key, _pod.Namespace, reference.Name),
                ReferencePath(kind, variable, index).ToString());
        }

        return null;
    }

    // podFieldSelectorRuntimeValue, with the pod's and host's addresses from its status.
    private string? FieldValue(string variable, string fieldPath, int index) =>
        Downward(variable, PodFields.Value(new ObjectFieldSelector { FieldPath = fieldPath }, _pod), "fieldRef " + fieldPath, "fieldRef", index);

    // containerResourceRuntimeValue after defaultPodLimitsForDownwardAPI: the kubelet fills unset limits of the
    // regular containers and of this one from its node's allocatable, which is not known here.
    private string? ResourceValue(string variable, ResourceFieldSelector selector, int index)
    {
        var target = selector.ContainerName.Length == 0 ? _container : ContainerResources.Find(_pod, selector.ContainerName);
        var defaulted = target is not null
            && (ReferenceEquals(target, _container) || _pod.Containers.Contains(target))
            && selector.Resource.StartsWith("limits.", StringComparison.Ordinal)
            && ContainerResources.DefaultedLimits.Contains(selector.Resource["limits.".Length..])
            && ContainerResources.IsUnset(target.Resources.Limits, selector.Resource["limits.".Length..], out var error) && error is null;
        var value = defaulted
            ? (_lookup as IClusterObjectLookup)?.Node?.Allocatable is { } allocatable
                ? ContainerResources.ExtractByContainerNameAndNodeAllocatable(selector, _pod, target!.Name, allocatable) // defaultPodLimitsForDownwardAPI
                : DownwardValue.KnownOnNode(selector.Resource)
            : selector.ContainerName.Length == 0
                ? ContainerResources.Extract(selector, _container)
                : ContainerResources.ExtractByContainerName(selector, _pod, selector.ContainerName);
        return Downward(variable, value, $"resourceFieldRef {selector.Resource} (the node's allocatable)", "resourceFieldRef", index);
    }

    private string? Downward(string variable, DownwardValue value, string unresolved, string field, int index)
    {
        if (value.Error is { } error)
        {
            _error = new ContainerStartError(EnvErrorKind.DownwardApiFailed, error, ContainerPath().Child("env").Index(index).Child("valueFrom").Child(field).ToString());
            return null;
        }

        return value.Value ?? Unresolved(variable, unresolved);
    }

    private string? Unresolved(string variable, string source)
    {
        AddEvent(EnvEventReasons.UnresolvedEnvironmentSource, EnvMessages.Unresolved(variable, source));
        return null;
    }

    private Secret? FindSecret(string name, bool optional, string? variable, int index) =>
        Find(ObjectKind.Secret, name, optional, variable, index, _secrets, static (lookup, ns, n) => lookup.GetSecret(ns, n));

    private ConfigMap? FindConfigMap(string name, bool optional, string? variable, int index) =>
        Find(ObjectKind.ConfigMap, name, optional, variable, index, _configMaps, static (lookup, ns, n) => lookup.GetConfigMap(ns, n));

    /// <summary>
    /// Reads an object once per container, as the kubelet does, so that every reference to it sees the same
    /// version even when the lookup is live.
    /// </summary>
    private T? Find<T>(
        ObjectKind kind,
        string name,
        bool optional,
        string? variable,
        int index,
        Dictionary<string, T> cache,
        Func<IObjectLookup, string, string, LookupResult<T>> get)
        where T : class
    {
        if (cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var result = get(_lookup, _pod.Namespace, name);
        if (result.Status == LookupStatus.Found)
        {
            return cache[name] = result.Value!;
        }

        Missing(kind, name, optional, result.Status, result.Failure, variable, index);
        return null;
    }

    /// <summary>
    /// An object that is not there: an optional one is skipped with an event; a mandatory one, or any failed
    /// lookup (the kubelet skips only on not-found), stops the container.
    /// </summary>
    private void Missing(ObjectKind kind, string name, bool optional, LookupStatus status, string? failure, string? variable, int index)
    {
        var notFound = EnvMessages.NotFound(kind, name);
        if (status == LookupStatus.NotFound && optional)
        {
            AddEvent(
                kind == ObjectKind.Secret ? EnvEventReasons.OptionalSecretNotFound : EnvEventReasons.OptionalConfigMapNotFound,
                variable is null ? notFound : EnvMessages.SkippedOptional(variable, notFound));
            return;
        }

        var path = variable is null
            ? ContainerPath().Child("envFrom").Index(index).Child(kind == ObjectKind.Secret ? "secretRef" : "configMapRef")
            : ReferencePath(kind, variable, index);
        var reason = failure ?? "unknown error";
        _error = status == LookupStatus.NotFound
            ? new ContainerStartError(kind == ObjectKind.Secret ? EnvErrorKind.SecretNotFound : EnvErrorKind.ConfigMapNotFound, notFound, path.ToString())
            : new ContainerStartError(
                kind == ObjectKind.Secret ? EnvErrorKind.SecretLookupFailed : EnvErrorKind.ConfigMapLookupFailed,
                variable is null ? EnvMessages.EnvFromLookupFailed(kind, name, reason) : EnvMessages.KeyRefLookupFailed(kind, name, reason),
                path.ToString());
    }

    private void Set(string name, string value, Field field, int index)
    {
        _env.Set(name, value);
        if (_env.TotalLength > _options.MaxEnvironmentLength)
        {
            TooLarge(field, index);
        }
    }

    private void TooLarge(Field field, int index)
    {
        var path = field == Field.EnvFrom
            ? ContainerPath().Child("envFrom").Index(index)
            : ContainerPath().Child("env").Index(index).Child(field == Field.Value ? "value" : "valueFrom");
        _error = new ContainerStartError(
            EnvErrorKind.EnvironmentTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"the environment is larger than {_options.MaxEnvironmentLength} characters"),
            path.ToString());
    }

    private void AddEvent(string reason, string message) => (_events ??= []).Add(PodEvent.Warn(reason, message));

    private FieldPath ReferencePath(ObjectKind kind, string variable, int index) =>
        ContainerPath().Child("env").Index(index).Child("valueFrom").Child(kind == ObjectKind.Secret ? "secretKeyRef" : "configMapKeyRef");

    private FieldPath ContainerPath() => FieldPath.Root("spec").Child(_kind switch
    {
        ContainerKind.Init => "initContainers",
        ContainerKind.Ephemeral => "ephemeralContainers",
        _ => "containers",
    }).Index(_index);

    /// <summary>
    /// Go's <c>string(bytes)</c> keeps the bytes; a .NET string cannot, so each invalid UTF-8 sequence becomes
    /// U+FFFD, exactly what a .NET process reading that variable from its own environment would see.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);

    /// <summary>Which field a variable came from, for the path of an error found after it was set.</summary>
    private enum Field
    {
        EnvFrom,
        Value,
        ValueFrom,
    }
}
