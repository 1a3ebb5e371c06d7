using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Validation;

namespace SecretProjection.ObjectManagers;

/// <summary>What the generic managers need to know about Secrets or ConfigMaps (upstream passes these as functions).</summary>
/// <typeparam name="T">The object type.</typeparam>
internal sealed class ManagedKind<T>
    where T : class
{
    public ManagedKind(
        ObjectKind kind,
        Func<T, CompactResourceVersion> resourceVersion,
        Func<T, bool> isImmutable,
        Func<Pod, IReadOnlySet<string>> referencedNames,
        Func<T, string, string, T> withNames)
    {
        Kind = kind;
        Name = kind.ToString();
        ResourceVersion = resourceVersion;
        IsImmutable = isImmutable;
        ReferencedNames = referencedNames;
        WithNames = withNames;
    }

    public ObjectKind Kind { get; }

    /// <summary><c>Secret</c> or <c>ConfigMap</c>, as the logs name the kind.</summary>
    public string Name { get; }

    /// <summary>The kubelet's group-resource in messages: <c>secret</c> or <c>configmap</c> (singular, as the watch-based manager names it).</summary>
    public string Resource => Kind.Resource();

    /// <summary>The object's resourceVersion as the model keeps it, compared without a string.</summary>
    public Func<T, CompactResourceVersion> ResourceVersion { get; }

    public Func<T, bool> IsImmutable { get; }

    /// <summary>The names a pod references, as <c>VisitPodSecretNames</c> / <c>VisitPodConfigmapNames</c>.</summary>
    public Func<Pod, IReadOnlySet<string>> ReferencedNames { get; }

    /// <summary>
    /// The object with these very name strings (namespace, name), equal to its own: a store keeps the strings of its
    /// registered pods rather than a copy per object. The object itself when it has them already.
    /// </summary>
    public Func<T, string, string, T> WithNames { get; }

    public ObjectReference Reference(string @namespace, string name) => new(Kind, @namespace, name);

    /// <summary>The managers' error for a read of an object no registered pod references.</summary>
    public static string NotRegistered(string @namespace, string name) =>
        $"object {FieldError.Quote(@namespace)}/{FieldError.Quote(name)} not registered";

    /// <summary>The watch-based manager's error when the first list did not complete within the sync timeout.</summary>
    public string SyncTimedOut => $"failed to sync {Resource} cache: timed out waiting for the condition";
}

/// <summary>The two kinds of objects the managers handle.</summary>
internal static class ManagedKinds
{
    public static ManagedKind<Secret> Secret { get; } =
        new(ObjectKind.Secret, s => s.ResourceVersionValue, s => s.Immutable, PodReferences.SecretNames, (s, _, name) => Renamed(s.Name, name) ? s with { Name = name } : s);

    public static ManagedKind<ConfigMap> ConfigMap { get; } =
        new(ObjectKind.ConfigMap, c => c.ResourceVersionValue, c => c.Immutable, PodReferences.ConfigMapNames, (c, _, name) => Renamed(c.Name, name) ? c with { Name = name } : c);

    // The namespace is shared by the model already (InternPool); the name is the store's.
    private static bool Renamed(string own, string stores) =>
        !ReferenceEquals(own, stores) && string.Equals(own, stores, StringComparison.Ordinal);
}
