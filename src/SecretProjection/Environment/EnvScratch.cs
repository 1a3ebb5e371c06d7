using SecretProjection.Model;

namespace SecretProjection.Environment;

/// <summary>
/// The working state of one resolution, kept per thread between resolutions so that resolving a container
/// allocates little more than its values and its result.
/// </summary>
internal sealed class EnvScratch
{
    // Beyond this many variables the state is not kept, so that one huge pod does not pin memory.
    private const int MaxKeptCapacity = 1024;

    [ThreadStatic]
    private static EnvScratch? t_free;

    public EnvBuilder Env { get; } = new(64);

    public Dictionary<string, Secret> Secrets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ConfigMap> ConfigMaps { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes this thread's scratch, or a new one when it is in use (a lookup that resolves again).</summary>
    public static EnvScratch Rent()
    {
        var scratch = t_free ?? new EnvScratch();
        t_free = null;
        return scratch;
    }

    /// <summary>Clears the scratch (dropping every reference to values and objects) and keeps it for the next resolution.</summary>
    public static void Return(EnvScratch scratch)
    {
        if (scratch.Env.Clear() > MaxKeptCapacity)
        {
            return;
        }

        scratch.Secrets.Clear();
        scratch.ConfigMaps.Clear();
        t_free = scratch;
    }
}
