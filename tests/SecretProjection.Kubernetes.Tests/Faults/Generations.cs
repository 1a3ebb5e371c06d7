using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Faults;

/// <summary>
/// The Secret <c>shop/db</c> at generation n: <c>generation</c> holds n, <c>payload</c> bytes that only n gives
/// (1 to 2,048 of them, not UTF-8 in general), <c>checksum</c> the SHA-256 of both. A volume that mixes two
/// generations, or holds one nobody wrote, matches no generation.
/// </summary>
internal static class Generations
{
    public const string Namespace = "shop";

    public const string SecretName = "db";

    public static Secret Secret(int generation)
    {
        var number = Encoding.ASCII.GetBytes(generation.ToString(CultureInfo.InvariantCulture));
        var payload = Payload(generation);
        return new Secret
        {
            Namespace = Namespace,
            Name = SecretName,
            Data = DataMap.Create(
            [
                KeyValuePair.Create("generation", number),
                KeyValuePair.Create("payload", payload),
                KeyValuePair.Create("checksum", Checksum(number, payload)),
            ]),
        };
    }

    /// <summary>The generation the files are, exactly and entirely; <see langword="null"/> when they are none (mixed, torn or invented).</summary>
    public static int? Of(IReadOnlyDictionary<string, byte[]> files)
    {
        if (files.Count != 3
            || !files.TryGetValue("generation", out var number)
            || !int.TryParse(Encoding.ASCII.GetString(number), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || generation < 1)
        {
            return null;
        }

        var expected = Secret(generation).Data;
        return expected.All(e => files.TryGetValue(e.Key, out var bytes) && e.Value.Span.SequenceEqual(bytes)) ? generation : null;
    }

    private static byte[] Payload(int generation)
    {
        var random = new Random(generation);
        var payload = new byte[random.Next(1, 2049)];
        random.NextBytes(payload);
        return payload;
    }

    private static byte[] Checksum(byte[] number, byte[] payload) =>
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData([.. number, .. payload])));
}
