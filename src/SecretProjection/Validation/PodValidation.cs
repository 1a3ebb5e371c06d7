using SecretProjection.Model;

namespace SecretProjection.Validation;

/// <summary>
/// The API server's pod checks for the parts this library uses: metadata, containers' names, env, envFrom and
/// volume mounts, and secret, configMap and projected volumes (<c>ValidatePodSpec</c>, in part).
/// </summary>
public static class PodValidation
{
    internal const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>Validates a pod.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="options">The options; <see cref="PodValidationOptions.Default"/> when null.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<FieldError> Validate(Pod pod, PodValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        options ??= PodValidationOptions.Default;
        var errors = new List<FieldError>();
        ObjectMetaRules.Validate(pod.Name, pod.Namespace, errors);
        var volumeNames = ValidateVolumes(pod.Volumes, errors);

        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        ValidateContainers(pod.InitContainers, Spec.Child("initContainers"), volumeNames, containerNames, options, errors);
        ValidateContainers(pod.Containers, Spec.Child("containers"), volumeNames, containerNames, options, errors);
        ValidateContainers(pod.EphemeralContainers, Spec.Child("ephemeralContainers"), volumeNames, containerNames, options, errors);
        if (pod.Containers.Count == 0)
        {
            errors.Add(FieldError.Required(Spec.Child("containers")));
        }

        return errors;
    }

    private static HashSet<string> ValidateVolumes(IReadOnlyList<Volume> volumes, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            var path = Spec.Child("volumes").Index(i);
            if (string.IsNullOrEmpty(volume.Name))
            {
                errors.Add(FieldError.Required(path.Child("name")));
            }
            else
            {
                foreach (var message in NameRules.Dns1123Label(volume.Name))
                {
                    errors.Add(FieldError.Invalid(path.Child("name"), volume.Name, message));
                }
            }

            if (!names.Add(volume.Name))
            {
                errors.Add(FieldError.Duplicate(path.Child("name"), volume.Name));
            }

            var kinds = (volume.Secret is null ? 0 : 1) + (volume.ConfigMap is null ? 0 : 1) + (volume.Projected is null ? 0 : 1)
                + (volume.DownwardApi is null ? 0 : 1) + (volume.OtherKind is null ? 0 : 1);
            if (kinds == 0)
            {
                errors.Add(FieldError.Required(path, "must specify a volume type"));
            }
            else if (kinds > 1)
            {
                errors.Add(FieldError.Forbidden(path, "may not specify more than 1 volume type"));
            }

            if (volume.Secret is { } secret)
            {
                var secretPath = path.Child("secret");
                if (string.IsNullOrEmpty(secret.SecretName))
                {
                    errors.Add(FieldError.Required(secretPath.Child("secretName")));
                }

                ValidateMode(secret.DefaultMode, secretPath.Child("defaultMode"), errors);
                ValidateItems(secret.Items, secretPath.Child("items"), errors, null);
            }

            if (volume.ConfigMap is { } configMap)
            {
                var configMapPath = path.Child("configMap");
                if (string.IsNullOrEmpty(configMap.Name))
                {
                    errors.Add(FieldError.Required(configMapPath.Child("name")));
                }

                ValidateMode(configMap.DefaultMode, configMapPath.Child("defaultMode"), errors);
                ValidateItems(configMap.Items, configMapPath.Child("items"), errors, null);
            }

            if (volume.Projected is { } projected)
            {
                ValidateProjected(projected, path.Child("projected"), errors);
            }
        }

        return names;
    }

    private static void ValidateProjected(ProjectedVolumeSource projected, FieldPath path, List<FieldError> errors)
    {
        ValidateMode(projected.DefaultMode, path.Child("defaultMode"), errors);
        var allPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < projected.Sources.Count; i++)
        {
            var source = projected.Sources[i];
            var sourcePath = path.Child("sources").Index(i);
            var kinds = 0;
            foreach (var (member, name) in new[] { (source.Secret, "secret"), (source.ConfigMap, "configMap") })
            {
                if (member is null)
                {
                    continue;
                }

                kinds++;
                var memberPath = sourcePath.Child(name);
                if (string.IsNullOrEmpty(member.Name))
                {
                    errors.Add(FieldError.Required(memberPath.Child("name")));
                }

                // Duplicate explicit paths across the sources are reported against the volume, naming the source.
                ValidateItems(member.Items, memberPath.Child("items"), errors, (allPaths, path, member.Name));
            }

            kinds += (source.DownwardApi is null ? 0 : 1) + (source.ServiceAccountToken is null ? 0 : 1)
                + (source.ClusterTrustBundle is null ? 0 : 1) + (source.UnsupportedKind is null ? 0 : 1);

            if (kinds > 1)
            {
                errors.Add(FieldError.Forbidden(sourcePath, "may not specify more than 1 volume type per source"));
            }
        }
    }

    private static void ValidateItems(IReadOnlyList<KeyToPath> items, FieldPath path, List<FieldError> errors, (HashSet<string> Seen, FieldPath Volume, string Source)? duplicates)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var itemPath = path.Index(i);
            if (string.IsNullOrEmpty(item.Key))
            {
                errors.Add(FieldError.Required(itemPath.Child("key")));
            }

            if (string.IsNullOrEmpty(item.Path))
            {
                errors.Add(FieldError.Required(itemPath.Child("path")));
            }

            PathRules.LocalNonReservedPath(item.Path ?? string.Empty, itemPath.Child("path"), errors);
            ValidateMode(item.Mode, itemPath.Child("mode"), errors);
            if (duplicates is var (seen, volume, source) && !string.IsNullOrEmpty(item.Path) && !seen.Add(item.Path))
            {
                errors.Add(FieldError.Invalid(volume, source, "conflicting duplicate paths"));
            }
        }
    }

    private static void ValidateMode(int? mode, FieldPath path, List<FieldError> errors)
    {
        if (mode is { } m && (m < 0 || m > SecretVolumeSource.MaxMode))
        {
            errors.Add(FieldError.Invalid(path, m, FileModeMessage));
        }
    }

    private static void ValidateContainers(IReadOnlyList<Container> containers, FieldPath path, HashSet<string> volumes, HashSet<string> names, PodValidationOptions options, List<FieldError> errors)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var containerPath = path.Index(i);
            if (string.IsNullOrEmpty(container.Name))
            {
                errors.Add(FieldError.Required(containerPath.Child("name")));
            }
            else
            {
                foreach (var message in NameRules.Dns1123Label(container.Name))
                {
                    errors.Add(FieldError.Invalid(containerPath.Child("name"), container.Name, message));
                }

                if (!names.Add(container.Name))
                {
                    errors.Add(FieldError.Duplicate(containerPath.Child("name"), container.Name));
                }
            }

            ValidateEnv(container.Env, containerPath.Child("env"), options, errors);
            ValidateEnvFrom(container.EnvFrom, containerPath.Child("envFrom"), options, errors);
            ValidateVolumeMounts(container.VolumeMounts, containerPath.Child("volumeMounts"), volumes, errors);
        }
    }

    private static void ValidateEnv(IReadOnlyList<EnvVar> env, FieldPath path, PodValidationOptions options, List<FieldError> errors)
    {
        for (var i = 0; i < env.Count; i++)
        {
            var variable = env[i];
            var itemPath = path.Index(i);
            if (string.IsNullOrEmpty(variable.Name))
            {
                errors.Add(FieldError.Required(itemPath.Child("name")));
            }

            foreach (var message in NameRules.EnvVarName(variable.Name ?? string.Empty, options.EnvVarNames))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("name"), variable.Name ?? string.Empty, message));
            }

            if (variable.ValueFrom is { } from)
            {
                ValidateValueFrom(variable, from, itemPath.Child("valueFrom"), errors);
            }
        }
    }

    private static void ValidateValueFrom(EnvVar variable, EnvVarSource from, FieldPath path, List<FieldError> errors)
    {
        var sources = (from.SecretKeyRef is null ? 0 : 1) + (from.ConfigMapKeyRef is null ? 0 : 1) + (from.FieldPath is null ? 0 : 1)
            + (from.ResourceFieldRef is null ? 0 : 1) + (from.UnsupportedKind is null ? 0 : 1);
        if (from.SecretKeyRef is { } secretRef)
        {
            ValidateKeySelector(secretRef, path.Child("secretKeyRef"), errors);
        }

        if (from.ConfigMapKeyRef is { } configMapRef)
        {
            ValidateKeySelector(configMapRef, path.Child("configMapKeyRef"), errors);
        }

        if (sources > 1)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
        }
        else if (sources == 1 && variable.Value.Length != 0)
        {
            errors.Add(FieldError.Invalid(path, string.Empty, "may not be specified when `value` is not empty"));
        }
    }

    private static void ValidateKeySelector(KeySelector selector, FieldPath path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(selector.Key))
        {
            errors.Add(FieldError.Required(path.Child("key")));
        }
        else
        {
            foreach (var message in NameRules.ConfigMapKey(selector.Key))
            {
                errors.Add(FieldError.Invalid(path.Child("key"), selector.Key, message));
            }
        }

        ValidateObjectName(selector.Name, path.Child("name"), errors);
    }

    private static void ValidateObjectName(string? name, FieldPath path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(path));
            return;
        }

        foreach (var message in NameRules.Dns1123Subdomain(name))
        {
            errors.Add(FieldError.Invalid(path, name, message));
        }
    }

    private static void ValidateEnvFrom(IReadOnlyList<EnvFromSource> envFrom, FieldPath path, PodValidationOptions options, List<FieldError> errors)
    {
        for (var i = 0; i < envFrom.Count; i++)
        {
            var source = envFrom[i];
            var itemPath = path.Index(i);
            if (source.Prefix.Length > 0)
            {
                foreach (var message in NameRules.EnvVarName(source.Prefix, options.EnvVarNames))
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("prefix"), source.Prefix, message));
                }
            }

            if (source.ConfigMapRef is { } configMapRef)
            {
                ValidateObjectName(configMapRef.Name, itemPath.Child("configMapRef").Child("name"), errors);
            }

            if (source.SecretRef is { } secretRef)
            {
                ValidateObjectName(secretRef.Name, itemPath.Child("secretRef").Child("name"), errors);
            }

            // Upstream reports these two against the list, not the entry.
            if (source.ConfigMapRef is null && source.SecretRef is null)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (source.ConfigMapRef is not null && source.SecretRef is not null)
            {
                errors.Add(FieldError.Invalid(path, string.Empty, "may not have more than one field specified at a time"));
            }
        }
    }

    private static void ValidateVolumeMounts(IReadOnlyList<VolumeMount> mounts, FieldPath path, HashSet<string> volumes, List<FieldError> errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var itemPath = path.Index(i);
            if (string.IsNullOrEmpty(mount.Name))
            {
                errors.Add(FieldError.Required(itemPath.Child("name")));
            }

            if (!volumes.Contains(mount.Name ?? string.Empty))
            {
                errors.Add(FieldError.NotFound(itemPath.Child("name"), mount.Name ?? string.Empty));
            }

            if (string.IsNullOrEmpty(mount.MountPath))
            {
                errors.Add(FieldError.Required(itemPath.Child("mountPath")));
            }
            else if (!mountPoints.Add(mount.MountPath))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("mountPath"), mount.MountPath, "must be unique"));
            }

            // Upstream reports subPath problems against the list path (volumeMounts.subPath), not the entry: kept.
            if (mount.SubPath.Length > 0)
            {
                PathRules.LocalDescendingPath(mount.SubPath, path.Child("subPath"), errors);
            }

            if (mount.SubPathExpr.Length > 0)
            {
                if (mount.SubPath.Length > 0)
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("subPathExpr"), mount.SubPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }

                PathRules.LocalDescendingPath(mount.SubPathExpr, path.Child("subPathExpr"), errors);
            }
        }
    }
}
