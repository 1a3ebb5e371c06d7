using System.Globalization;
using SecretProjection.Model;

namespace SecretProjection.Benchmarks.ObjectManagers;

/// <summary>
/// The objects of the cache benchmarks: N Secrets of 5 keys × 100 bytes in one namespace, and N / 10 pods, each
/// with 10 secret volumes that read 10 Secrets of its own (so every Secret has one registered pod). Ten spare
/// Secrets that no pod references are stored too, for a pod whose registration starts new watches.
/// </summary>
internal static class SecretFleet
{
    public const string Namespace = "bench";
    public const int SecretsPerPod = 10;
    public const int KeysPerSecret = 5;
    public const int ValueBytes = 100;

    /// <summary>The bytes of one Secret's values: what the memory target counts as raw.</summary>
    public const int RawBytesPerSecret = KeysPerSecret * ValueBytes;

    /// <summary>The name of Secret <paramref name="index"/>; spare Secrets have negative indexes (-1 to -10).</summary>
    public static string SecretName(int index) =>
        index >= 0 ? "secret-" + index.ToString("D5", CultureInfo.InvariantCulture) : "spare-" + (-index).ToString("D2", CultureInfo.InvariantCulture);

    public static Secret Secret(int index, int version = 0)
    {
        var value = new byte[ValueBytes];
        BitConverter.TryWriteBytes(value, index);
        BitConverter.TryWriteBytes(value.AsSpan(sizeof(int)), version);
        return new Secret
        {
            Namespace = Namespace,
            Name = SecretName(index),
            Uid = Guid.NewGuid().ToString(),
            Data = DataMap.Create(Enumerable.Range(0, KeysPerSecret).Select(k =>
                KeyValuePair.Create("key-" + k.ToString(CultureInfo.InvariantCulture) + ".pem", value))),
        };
    }

    /// <summary>Pod <paramref name="index"/>: it reads Secrets 10 × index to 10 × index + 9 (spare pods: negative indexes, the spare Secrets).</summary>
    public static Pod Pod(int index, string uidSuffix = "")
    {
        var first = index >= 0 ? index * SecretsPerPod : -1;
        var step = index >= 0 ? 1 : -1;
        var name = index >= 0 ? "pod-" + index.ToString("D4", CultureInfo.InvariantCulture) : "spare-pod";
        return new Pod
        {
            Namespace = Namespace,
            Name = name + uidSuffix,
            Uid = "uid-" + name + uidSuffix,
            Containers = [new Container { Name = "app" }],
            Volumes = Enumerable.Range(0, SecretsPerPod)
                .Select(i => new Volume { Name = "v" + i.ToString(CultureInfo.InvariantCulture), Secret = new SecretVolumeSource { SecretName = SecretName(first + (step * i)) } })
                .ToArray(),
        };
    }
}
