using SecretProjection.Model;
using SecretProjection.Sources;
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
    private readonly int _defaultMode;
    private readonly long? _defaultUser;
    private readonly PlanningOptions _options;
    private bool _neverChanges = true;
    private int _sources;

    public VolumeBuilder(Pod pod, IObjectLookup lookup, int? defaultMode, long? defaultUser, PlanningOptions options)
    {
        _pod = pod;
        _lookup = lookup;
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
            // A later source (or item) writing the same path wins, as in collectData.
            if (_files.TryGetValue(file.Path, out var earlier))
            {
                _notes.Add($"\"{file.Path}\": {file.Source} replaces {earlier.Source}; the later one wins");
            }

            _files[file.Path] = file;
        }
    }

    /// <summary>Records a projected source this library does not plan.</summary>
    public void AddUnplanned(string kind, FieldPath field)
    {
        _sources++;
        _neverChanges = false;
        _notes.Add($"{field} ({kind}) is not planned");
    }

    /// <summary>The plan: the files, or every reason the volume cannot be set up.</summary>
    public VolumePlan Build(string name, VolumeKind kind)
    {
        VolumePlan Plan() => new() { Name = name, Kind = kind, Notes = _notes.ToArray() };
        if (_errors.Count > 0)
        {
            return Plan() with { Errors = _errors.ToArray() };
        }

        // The writer's own path rules: a plan never holds a payload the writer would refuse.
        var pathErrors = _files.Values
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => PayloadPaths.Problem(f.Path) is { } problem ? new PlanError(PlanError.FailedMountReason, problem, f.Field.ToString()) : null)
            .OfType<PlanError>()
            .ToArray();
        if (pathErrors.Length > 0)
        {
            return Plan() with { Errors = pathErrors };
        }

        var cleaned = new SortedDictionary<string, PlannedFile>(StringComparer.Ordinal);
        var fields = new Dictionary<string, FieldPath>(StringComparer.Ordinal);
        foreach (var file in _files.Values)
        {
            var path = PayloadPaths.Clean(file.Path);
            cleaned[path] = ToPlannedFile(path, file);
            fields[path] = file.Field;
        }

        // The writer refuses a payload where one path is a directory of another (upstream fails half-way, at mkdir).
        var conflicts = cleaned.Keys
            .Select(path => (Path: path, File: PayloadPaths.FileParent(path, cleaned.ContainsKey)))
            .Where(c => c.File is not null)
            .Select(c => new PlanError(PlanError.FailedMountReason, PayloadPaths.BothFileAndDirectory(c.File!), fields[c.Path].ToString()))
            .ToArray();
        if (conflicts.Length > 0)
        {
            return Plan() with { Errors = conflicts };
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

        return Plan() with { Files = cleaned.Values.ToArray(), NeverChanges = neverChanges, FsGroup = security.FsGroup };
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
        var user = _options.UserFields ? file.User : null;
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
