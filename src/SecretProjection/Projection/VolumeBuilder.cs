using System.Text;
using SecretProjection.DownwardApi;
using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using SecretProjection.Text;
using SecretProjection.TrustBundles;
using SecretProjection.Validation;
using SecretProjection.Writing;

namespace SecretProjection.Projection;

/// <summary>
/// Collects the payload of one volume from its sources as the secret, configMap and projected plugins do
/// (<c>MakePayload</c>, <c>collectData</c>), then checks it as the atomic writer would.
/// </summary>
internal sealed class VolumeBuilder
{
    private readonly Dictionary<string, PendingFile> _files = new(StringComparer.Ordinal);
    private readonly List<PlanError> _errors = [];
    private readonly List<string> _notes = [];
    private readonly Pod _pod;
    private readonly IObjectLookup _lookup;
    private readonly IClusterObjectLookup? _cluster;
    private readonly int _defaultMode;
    private readonly long? _defaultUser;
    private readonly PlanningOptions _options;
    private bool _neverChanges = true;
    private int _sources;

    public VolumeBuilder(Pod pod, IObjectLookup lookup, IClusterObjectLookup? cluster, int? defaultMode, long? defaultUser, PlanningOptions options)
    {
        _pod = pod;
        _lookup = lookup;
        _cluster = cluster;
        _defaultMode = defaultMode ?? SecretVolumeSource.DefaultModeValue;
        _defaultUser = defaultUser;
        _options = options;
    }

    /// <summary>Adds the keys of one object; on failure records why and adds none of them, as upstream.</summary>
    public void Add(SourceRequest source)
    {
        _sources++;
        var data = Resolve(source);
        if (data is null)
        {
            _neverChanges = false;
            return;
        }

        _neverChanges &= data.Immutable;
        var files = MakePayload(source, data);
        if (files is null)
        {
            return;
        }

        foreach (var file in files)
        {
            Put(file);
        }
    }

    // A later source (or item) writing the same path wins, as in collectData.
    private void Put(PendingFile file)
    {
        if (_files.TryGetValue(file.Path, out var earlier))
        {
            _notes.Add($"\"{file.Path}\": {file.Source} replaces {earlier.Source}; the later one wins");
        }

        _files[file.Path] = file;
    }

    /// <summary>
    /// Adds the files of a <c>downwardAPI</c> volume or source (<c>CollectData</c>): the pod's metadata, and
    /// container resources; an item whose value only a node knows fails the volume, as a kubelet error does.
    /// </summary>
    public void AddDownwardApi(DownwardApiVolumeSource source, FieldPath itemsField)
    {
        _sources++;
        _neverChanges = false;
        var metadata = ObjectMetadata.Of(_pod);
        for (var i = 0; i < source.Items.Count; i++)
        {
            var item = source.Items[i];
            var itemField = itemsField.Index(i);
            var value = DownwardApiPayload.Value(item, _pod, metadata, _cluster?.Node?.Allocatable);
            var valueField = itemField.Child(item.FieldRef is not null ? "fieldRef" : "resourceFieldRef");
            if (value.Error is { } error)
            {
                _errors.Add(new PlanError(PlanError.FailedMountReason, error, valueField.ToString()));
            }
            else if (value.NodeOnly is { } nodeOnly)
            {
                _errors.Add(_cluster?.NodeFailure is { } failure
                    ? new PlanError(PlanError.FailedMountReason, $"{nodeOnly}: the pod's node could not be read: {failure}", valueField.ToString())
                    : new PlanError(PlanError.NeedsClusterReason, $"{nodeOnly} is known only on a node or by the API server", valueField.ToString()));
            }
            else
            {
                var key = item.FieldRef?.FieldPath ?? item.ResourceFieldRef?.Resource ?? string.Empty;
                Put(new PendingFile(GoPath.Clean(item.Path), Encoding.UTF8.GetBytes(value.Value!), item.Mode ?? _defaultMode, null, new FileSource(ObjectKind.Pod, _pod.Name, key), itemField.Child("path")));
            }
        }
    }

    /// <summary>
    /// A <c>serviceAccountToken</c> source: the token the API server issued for it, with the kubelet's mode and owner
    /// for tokens (<see cref="TokenFile"/>); a failed TokenRequest fails the volume, and without an API server it needs a cluster.
    /// </summary>
    public void AddServiceAccountToken(ServiceAccountTokenProjection source, FieldPath field)
    {
        _sources++;
        _neverChanges = false;
        if (_cluster?.ServiceAccountTokens is not { } tokens || !tokens.TryGetValue(source, out var result))
        {
            _errors.Add(new PlanError(
                PlanError.NeedsClusterReason,
                $"serviceAccountToken \"{source.Path}\" needs a cluster: only the API server issues a token for ServiceAccount \"{_pod.ServiceAccountName}\" (TokenRequest)",
                field.ToString()));
            return;
        }

        if (result.Value is not { } token)
        {
            _errors.Add(new PlanError(PlanError.FailedMountReason, result.Failure ?? "failed to fetch token", field.ToString()));
            return;
        }

        var file = TokenFile.For(token.Token, _pod, _defaultMode);
        Put(new PendingFile(source.Path, file.Data, file.Mode, file.User, new FileSource(ObjectKind.ServiceAccount, _pod.ServiceAccountName, "token"), field.Child("path")));
    }

    /// <summary>
    /// A <c>clusterTrustBundle</c> source: the certificates of the bundles it selects, deduplicated and in byte order,
    /// with the volume's default mode; without the cluster's bundles the volume fails.
    /// </summary>
    public void AddClusterTrustBundle(ClusterTrustBundleProjection source, FieldPath field)
    {
        _sources++;
        _neverChanges = false;
        if (_cluster?.ClusterTrustBundles is not { } bundles)
        {
            var selection = source.Name is { } name ? $"ClusterTrustBundle \"{name}\"" : $"the ClusterTrustBundles of signer \"{source.SignerName}\"";
            _errors.Add(_cluster?.ClusterTrustBundlesFailure is { } failure
                ? new PlanError(PlanError.FailedMountReason, $"clusterTrustBundle \"{source.Path}\": the certificates of {selection} could not be read: {failure}", field.ToString())
                : new PlanError(PlanError.NeedsClusterReason, $"clusterTrustBundle \"{source.Path}\" needs a cluster: the certificates of {selection} are read from the API server", field.ToString()));
            return;
        }

        if (!TrustAnchors.TryCollect(source, bundles, shuffle: null, out var pem, out var error))
        {
            _errors.Add(new PlanError(PlanError.FailedMountReason, error, field.ToString()));
            return;
        }

        Put(new PendingFile(source.Path, Encoding.UTF8.GetBytes(pem), _defaultMode, null, new FileSource(ObjectKind.ClusterTrustBundle, source.Name ?? source.SignerName ?? string.Empty, "trustBundle"), field.Child("path")));
    }

    /// <summary>A projected source this library does not know: the kubelet would write it, so the volume is not set up without it.</summary>
    public void AddUnsupported(string kind, FieldPath field)
    {
        _sources++;
        _neverChanges = false;
        _errors.Add(new PlanError(PlanError.FailedMountReason, $"projected source {kind} is not supported: the volume would be written without it", field.ToString()));
    }

    /// <summary>The plan: the files, or every reason the volume cannot be set up.</summary>
    public VolumePlan Build(string name, VolumeKind kind)
    {
        VolumePlan Failed(PlanError[] errors) => new() { Name = name, Kind = kind, Notes = _notes.ToArray(), Errors = errors };
        if (_errors.Count > 0)
        {
            return Failed(_errors.ToArray());
        }

        // The writer's own path rules: a plan never holds a payload the writer would refuse. Loops over sorted arrays
        // rather than queries and a sorted dictionary: this runs for every volume of every pod that `check` reads.
        var files = new PendingFile[_files.Count];
        _files.Values.CopyTo(files, 0);
        Array.Sort(files, static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        List<PlanError>? pathErrors = null;
        foreach (var file in files)
        {
            if (PayloadPaths.Problem(file.Path) is { } problem)
            {
                (pathErrors ??= []).Add(new PlanError(PlanError.FailedMountReason, problem, file.Field.ToString()));
            }
        }

        if (pathErrors is not null)
        {
            return Failed([.. pathErrors]);
        }

        // In the builder's order, so that of two paths that clean to the same one the later wins, as before.
        var cleaned = new Dictionary<string, PlannedFile>(StringComparer.Ordinal);
        var fields = new Dictionary<string, FieldPath>(StringComparer.Ordinal);
        foreach (var file in _files.Values)
        {
            var path = PayloadPaths.Clean(file.Path);
            cleaned[path] = ToPlannedFile(path, file);
            fields[path] = file.Field;
        }

        var paths = new string[cleaned.Count];
        cleaned.Keys.CopyTo(paths, 0);
        Array.Sort(paths, StringComparer.Ordinal);

        // The writer refuses a payload where one path is a directory of another (upstream fails half-way, at mkdir).
        List<PlanError>? conflicts = null;
        foreach (var path in paths)
        {
            if (PayloadPaths.FileParent(path, cleaned.ContainsKey) is { } parent)
            {
                (conflicts ??= []).Add(new PlanError(PlanError.FailedMountReason, PayloadPaths.BothFileAndDirectory(parent), fields[path].ToString()));
            }
        }

        if (conflicts is not null)
        {
            return Failed([.. conflicts]);
        }

        var planned = new PlannedFile[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            planned[i] = cleaned[paths[i]];
        }

        var security = _pod.SecurityContext;
        if (security.FsGroup is { } group)
        {
            _notes.Add($"fsGroup {group}: every file and directory gets group {group}; files gain group read (0440), directories 0550 and the setgid bit");
        }

        var neverChanges = _neverChanges && _sources > 0;
        if (neverChanges)
        {
            _notes.Add("every source is immutable: the content never changes and the kubelet stops watching it");
        }

        return new VolumePlan
        {
            Name = name,
            Kind = kind,
            Notes = _notes.ToArray(),
            Files = planned,
            NeverChanges = neverChanges,
            FsGroup = security.FsGroup,
        };
    }

    private SourceData? Resolve(SourceRequest source)
    {
        var ns = _pod.Namespace;
        var (status, failure, data, invalid) = source.Kind == ObjectKind.Secret
            ? Unpack(_lookup.GetSecret(ns, source.Name), SourceData.Of, SecretValidation.Validate)
            : Unpack(_lookup.GetConfigMap(ns, source.Name), SourceData.Of, ConfigMapValidation.Validate);
        switch (status)
        {
            case LookupStatus.Found when invalid.Count > 0:
                // The API server never hands a kubelet an object it would reject (a key "a/b", over 1 MiB): such a
                // volume is not written, and each of the object's field errors says why.
                foreach (var error in invalid)
                {
                    _errors.Add(new PlanError(PlanError.InvalidReason, $"{source.LowerKind} \"{source.Name}\" is invalid: {error}", source.NameField.ToString()));
                }

                return null;
            case LookupStatus.Found:
                return data;
            case LookupStatus.NotFound when source.Optional:
                _notes.Add($"{source.LowerKind} \"{source.Name}\" not found; it is optional, so it adds no files");
                _neverChanges = false;
                return SourceData.Missing;
            case LookupStatus.NotFound:
                _errors.Add(new PlanError(PlanError.FailedMountReason, $"{source.LowerKind} \"{source.Name}\" not found", source.NameField.ToString()));
                return null;
            default:
                _errors.Add(new PlanError(PlanError.FailedMountReason, failure ?? "lookup failed", source.NameField.ToString()));
                return null;
        }
    }

    private static (LookupStatus Status, string? Failure, SourceData? Data, IReadOnlyList<FieldError> Invalid) Unpack<T>(
        LookupResult<T> result, Func<T, SourceData> read, Func<T, IReadOnlyList<FieldError>> validate)
        where T : class =>
        result.Value is { } value ? (result.Status, result.Failure, read(value), validate(value)) : (result.Status, result.Failure, null, []);

    private List<PendingFile>? MakePayload(SourceRequest source, SourceData data)
    {
        var files = new List<PendingFile>();
        if (source.Items.Count == 0)
        {
            foreach (var (key, value) in data.All())
            {
                files.Add(new PendingFile(key, value, _defaultMode, _defaultUser, new FileSource(source.Kind, source.Name, key), source.NameField));
            }

            return files;
        }

        for (var i = 0; i < source.Items.Count; i++)
        {
            var item = source.Items[i];
            var itemField = source.ItemsField.Index(i);
            if (!data.TryGet(item.Key, out var value))
            {
                if (source.Optional)
                {
                    _notes.Add($"key \"{item.Key}\" of {source.LowerKind} \"{source.Name}\" not found; it is optional, so \"{item.Path}\" is left out");
                    continue;
                }

                _errors.Add(new PlanError(PlanError.FailedMountReason, source.MissingKeyMessage(item.Key), itemField.Child("key").ToString()));
                return null;
            }

            var file = new PendingFile(item.Path, value, item.Mode ?? _defaultMode, item.User ?? _defaultUser, new FileSource(source.Kind, source.Name, item.Key), itemField.Child("path"));
            files.Add(file);
        }

        return files;
    }

    private PlannedFile ToPlannedFile(string path, PendingFile file)
    {
        var security = _pod.SecurityContext;
        // A token's owner is the kubelet's own rule (FsUser), not the KEP-5936 fields.
        var user = _options.UserFields || file.Source.Kind == ObjectKind.ServiceAccount ? file.User : null;
        var effective = VolumeOwnership.FileMode(file.Mode, security.FsGroup);
        var warnings = new List<string>();
        if (effective != file.Mode)
        {
            warnings.Add($"mode {OctalMode.Format(file.Mode)} is {OctalMode.Format(effective)} in the container: fsGroup adds group read (kubernetes/kubernetes#57923)");
        }

        if (security.RunAsUser is { } uid && !FileOwnership.CanRead(effective, user ?? 0, security.FsGroup ?? 0, uid, security.RunAsGroup ?? 0, security.FsGroup))
        {
            warnings.Add($"not readable by runAsUser {uid}: owner {user ?? 0}, group {security.FsGroup ?? 0}, mode {OctalMode.Format(effective)}");
        }

        return new PlannedFile
        {
            Path = path,
            Data = file.Data,
            Mode = file.Mode,
            EffectiveMode = effective,
            Source = file.Source,
            User = user,
            Group = security.FsGroup,
            Warnings = warnings,
        };
    }

    private sealed record PendingFile(string Path, ReadOnlyMemory<byte> Data, int Mode, long? User, FileSource Source, FieldPath Field);
}
