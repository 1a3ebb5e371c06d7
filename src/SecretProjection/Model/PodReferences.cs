namespace SecretProjection.Model;

/// <summary>
/// The Secrets and ConfigMaps a pod references, as upstream's <c>VisitPodSecretNames</c> and
/// <c>VisitPodConfigmapNames</c> (<c>pkg/api/v1/pod/util.go</c>) for what this model holds: pull secrets;
/// <c>envFrom</c> and <c>env</c> of init, regular and ephemeral containers; secret, configMap and projected
/// volumes. Empty names are skipped, as upstream.
/// </summary>
internal static class PodReferences
{
    public static IReadOnlySet<string> SecretNames(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in pod.ImagePullSecrets)
        {
            Add(names, name);
        }

        foreach (var (container, _) in pod.AllContainers())
        {
            foreach (var name in EnvSecretNames(container))
            {
                Add(names, name);
            }
        }

        foreach (var volume in pod.Volumes)
        {
            foreach (var name in VolumeSecretNames(volume))
            {
                Add(names, name);
            }
        }

        return names;
    }

    public static IReadOnlySet<string> ConfigMapNames(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, _) in pod.AllContainers())
        {
            foreach (var name in EnvConfigMapNames(container))
            {
                Add(names, name);
            }
        }

        foreach (var volume in pod.Volumes)
        {
            foreach (var name in VolumeConfigMapNames(volume))
            {
                Add(names, name);
            }
        }

        return names;
    }

    /// <summary>The Secrets named by a container's <c>envFrom</c> and <c>env</c>.</summary>
    public static IEnumerable<string> EnvSecretNames(Container container)
    {
        foreach (var source in container.EnvFrom)
        {
            if (source.SecretRef is { } reference)
            {
                yield return reference.Name;
            }
        }

        foreach (var variable in container.Env)
        {
            if (variable.ValueFrom?.SecretKeyRef is { } reference)
            {
                yield return reference.Name;
            }
        }
    }

    /// <summary>The ConfigMaps named by a container's <c>envFrom</c> and <c>env</c>.</summary>
    public static IEnumerable<string> EnvConfigMapNames(Container container)
    {
        foreach (var source in container.EnvFrom)
        {
            if (source.ConfigMapRef is { } reference)
            {
                yield return reference.Name;
            }
        }

        foreach (var variable in container.Env)
        {
            if (variable.ValueFrom?.ConfigMapKeyRef is { } reference)
            {
                yield return reference.Name;
            }
        }
    }

    /// <summary>The Secrets a secret or projected volume reads.</summary>
    public static IEnumerable<string> VolumeSecretNames(Volume volume)
    {
        if (volume.Secret is { } secret)
        {
            yield return secret.SecretName;
        }
        else if (volume.Projected is { } projected)
        {
            foreach (var source in projected.Sources)
            {
                if (source.Secret is { } reference)
                {
                    yield return reference.Name;
                }
            }
        }
    }

    /// <summary>The ConfigMaps a configMap or projected volume reads.</summary>
    public static IEnumerable<string> VolumeConfigMapNames(Volume volume)
    {
        if (volume.ConfigMap is { } configMap)
        {
            yield return configMap.Name;
        }
        else if (volume.Projected is { } projected)
        {
            foreach (var source in projected.Sources)
            {
                if (source.ConfigMap is { } reference)
                {
                    yield return reference.Name;
                }
            }
        }
    }

    private static void Add(HashSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}
