using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecretProjection.Writing;

namespace SecretProjection.GenerationWriter;

/// <summary>
/// Generation <c>n</c> of a test volume. Even and odd generations differ in shape, so every update adds,
/// drops and retypes names (<c>flip</c> is a directory in even generations and a file in odd ones); every
/// file names its generation, and the <c>checksum</c> key holds the SHA-256 of every other file, so a
/// reader that sees files of two generations, or a torn file, can tell.
/// </summary>
public static class Generations
{
    /// <summary>The key that holds the generation number and the hash of every other file.</summary>
    public const string ChecksumKey = "checksum";

    private const int ChecksumMode = 0x124; // 0444

    private static readonly (string Path, int Mode)[] Even =
        [("common", 0x1A4), ("dir/a", 0x1A4), ("even-only", 0x100), ("flip/x", 0x180)]; // 0644, 0644, 0400, 0600

    private static readonly (string Path, int Mode)[] Odd =
        [("common", 0x1A4), ("dir/a", 0x1A4), ("dir/b", 0x1A0), ("flip", 0x1A0), ("odd-only/deep/b", 0x100)]; // 0644, 0644, 0640, 0640, 0400

    /// <summary>Every file of generation <paramref name="n"/>, the checksum key included, with its mode.</summary>
    /// <param name="n">The generation.</param>
    /// <returns>Path and permission bits, in ordinal path order.</returns>
    public static IReadOnlyList<(string Path, int Mode)> Files(long n) =>
        [.. (n % 2 == 0 ? Even : Odd).Append((Path: ChecksumKey, Mode: ChecksumMode)).OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>The user-visible names of generation <paramref name="n"/>: the first elements of its paths.</summary>
    /// <param name="n">The generation.</param>
    /// <returns>The names, in ordinal order.</returns>
    public static IReadOnlyList<string> TopLevelNames(long n) =>
        [.. Files(n).Select(f => f.Path.Split('/')[0]).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The payload the writer is given for generation <paramref name="n"/>.</summary>
    /// <param name="n">The generation.</param>
    /// <returns>The payload.</returns>
    public static VolumePayload Payload(long n) =>
        new(Files(n).Select(f => KeyValuePair.Create(f.Path, new PayloadFile(Content(n, f.Path), f.Mode))));

    /// <summary>The bytes of one file: its generation and path, then a filler whose length varies with both.</summary>
    /// <param name="n">The generation.</param>
    /// <param name="path">The path.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Content(long n, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == ChecksumKey)
        {
            var manifest = new StringBuilder().Append(CultureInfo.InvariantCulture, $"generation {n}\n");
            foreach (var (other, _) in Files(n).Where(f => f.Path != ChecksumKey))
            {
                manifest.Append(CultureInfo.InvariantCulture, $"{other} {Convert.ToHexString(SHA256.HashData(Content(n, other)))}\n");
            }

            return Encoding.UTF8.GetBytes(manifest.ToString());
        }

        var filler = new string((char)('a' + (n % 26)), (int)(((n * 31) + (path.Length * 17)) % 300));
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"generation {n} {path}\n{filler}"));
    }

    /// <summary>The generation a file names in its first line (<c>generation N ...</c>), if it names one.</summary>
    /// <param name="data">The bytes of a file of some generation.</param>
    /// <returns>N, or <see langword="null"/>.</returns>
    public static long? GenerationOf(ReadOnlySpan<byte> data)
    {
        var line = Encoding.UTF8.GetString(data[..Math.Max(0, data.IndexOf((byte)'\n'))]).Split(' ');
        return line.Length >= 2 && line[0] == "generation" && long.TryParse(line[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// Reads one whole generation: the checksum key first, then every file it lists, each checked against its
    /// hash and its expected bytes.
    /// </summary>
    /// <param name="read">Reads a path (as the reader chooses: through <c>name</c> or <c>..data/name</c>); may throw.</param>
    /// <returns>The generation number.</returns>
    /// <exception cref="MixedGenerationException">The files are not exactly one generation.</exception>
    public static long Read(Func<string, byte[]> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var manifest = read(ChecksumKey);
        if (GenerationOf(manifest) is not { } n || !manifest.AsSpan().SequenceEqual(Content(n, ChecksumKey)))
        {
            throw new MixedGenerationException($"{ChecksumKey} is torn: {manifest.Length} bytes starting \"{Encoding.UTF8.GetString(manifest).Split('\n')[0]}\"");
        }

        foreach (var (path, _) in Files(n).Where(f => f.Path != ChecksumKey))
        {
            var data = read(path);
            if (!data.AsSpan().SequenceEqual(Content(n, path)))
            {
                var line = Encoding.UTF8.GetString(data).Split('\n')[0];
                throw new MixedGenerationException($"{path} is not of generation {n}: {data.Length} bytes starting \"{line}\"");
            }
        }

        return n;
    }
}
