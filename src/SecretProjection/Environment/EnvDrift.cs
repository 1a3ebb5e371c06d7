using SecretProjection.Model;

namespace SecretProjection.Environment;

/// <summary>
/// The drift signal: a process's environment is fixed when it starts, so a changed Secret reaches it only
/// through a restart. Comparing the environment resolved at start with one resolved now tells which variables
/// a restart would change.
/// </summary>
public static class EnvDrift
{
    /// <summary>Compares one container's environment at start with the one it would get now.</summary>
    /// <param name="atStart">The environment the running container was started with.</param>
    /// <param name="now">The environment resolved now, for the same container.</param>
    /// <returns>The variables a restart would change.</returns>
    public static EnvDriftResult Compare(ContainerEnvironment atStart, ContainerEnvironment now)
    {
        ArgumentNullException.ThrowIfNull(atStart);
        ArgumentNullException.ThrowIfNull(now);
        if (now.Error is not null)
        {
            return new EnvDriftResult { ContainerName = now.ContainerName, Kind = now.Kind, Changes = [], RestartError = now.Error };
        }

        var before = new Dictionary<string, string>(atStart.Env.Count, StringComparer.Ordinal);
        foreach (var variable in atStart.Env)
        {
            before[variable.Name] = variable.Value;
        }

        var changes = new List<EnvChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in now.Env)
        {
            seen.Add(variable.Name);
            if (!before.TryGetValue(variable.Name, out var old))
            {
                changes.Add(new EnvChange(variable.Name, EnvChangeKind.Added));
            }
            else if (!string.Equals(old, variable.Value, StringComparison.Ordinal))
            {
                changes.Add(new EnvChange(variable.Name, EnvChangeKind.Changed));
            }
        }

        foreach (var variable in atStart.Env)
        {
            if (seen.Add(variable.Name))
            {
                changes.Add(new EnvChange(variable.Name, EnvChangeKind.Removed));
            }
        }

        return new EnvDriftResult { ContainerName = now.ContainerName, Kind = now.Kind, Changes = changes };
    }

    /// <summary>
    /// Compares each container resolved now with the same container (same kind and name) at start. A container
    /// with no counterpart at start is compared with an empty environment.
    /// </summary>
    /// <param name="atStart">The environments the running containers were started with.</param>
    /// <param name="now">The environments resolved now.</param>
    /// <returns>One result per container of <paramref name="now"/>, in its order.</returns>
    public static IReadOnlyList<EnvDriftResult> Compare(IReadOnlyList<ContainerEnvironment> atStart, IReadOnlyList<ContainerEnvironment> now)
    {
        ArgumentNullException.ThrowIfNull(atStart);
        ArgumentNullException.ThrowIfNull(now);
        var started = new Dictionary<(ContainerKind, string), ContainerEnvironment>();
        foreach (var environment in atStart)
        {
            started[(environment.Kind, environment.ContainerName)] = environment;
        }

        return now.Select(current => Compare(
            started.TryGetValue((current.Kind, current.ContainerName), out var previous) ? previous : new ContainerEnvironment { ContainerName = current.ContainerName, Kind = current.Kind, Env = [], Events = current.Events },
            current)).ToArray();
    }
}
