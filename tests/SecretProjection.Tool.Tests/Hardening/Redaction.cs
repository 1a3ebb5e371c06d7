using System.Reflection;
using System.Text;
using SecretProjection.Extensions.Configuration;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Kubernetes.Testing;
using SecretProjection.Linux.Volumes;
using SecretProjection.Model;
using SecretProjection.Testing.Volumes;

namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>
/// The marker the redaction tests put into secret values, and the search for it: the marker in any case, and the
/// forms it takes inside longer encoded text (base64 at each byte alignment, standard and URL-safe, and hex).
/// </summary>
internal static class Redaction
{
    public const string Marker = "sp-MARKER-51e8c2a9f0";

    /// <summary>The marker inside a longer value, so that its base64 sits at another alignment.</summary>
    public static readonly string Shifted = "x" + Marker + "yz";

    /// <summary>The shipped libraries: every public type, logging API and log statement of these is checked.</summary>
    public static readonly Assembly[] Library =
    [
        typeof(Secret).Assembly, typeof(ManifestReader).Assembly, typeof(LinuxVolumeFileSystem).Assembly,
        typeof(InMemoryVolumeFileSystem).Assembly, typeof(SecretVolume).Assembly, typeof(LoopbackApiServer).Assembly,
    ];

    private static readonly string[] Needles = EncodingsOf(Marker);

    /// <summary>Fails when <paramref name="text"/> shows the marker in any of its forms.</summary>
    /// <param name="where">What the text is, for the failure message.</param>
    /// <param name="text">The text.</param>
    public static void AssertHidden(string where, string text)
    {
        foreach (var needle in Needles)
        {
            // The marker in any case; its encodings exactly (base64 is case-sensitive).
            var shown = needle == Marker ? text.Contains(needle, StringComparison.OrdinalIgnoreCase) : text.Contains(needle, StringComparison.Ordinal);
            Assert.False(shown, $"{where} shows the marker as {needle}: {text}");
        }
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The marker and the forms it takes inside longer encoded text: base64 at each of the three byte alignments (standard and URL-safe), hex.</summary>
    private static string[] EncodingsOf(string marker)
    {
        var bytes = Encoding.UTF8.GetBytes(marker);
        var forms = new List<string> { marker, Convert.ToHexString(bytes), Convert.ToHexString(bytes).ToLowerInvariant() };
        for (var shift = 0; shift < 3; shift++)
        {
            // Only the groups of four characters that encode marker bytes alone are the same in any longer text.
            var encoded = Convert.ToBase64String([.. new byte[shift], .. bytes]);
            var core = encoded[(shift == 0 ? 0 : 4)..^4];
            forms.Add(core);
            forms.Add(core.Replace('+', '-').Replace('/', '_'));
        }

        return [.. forms.Distinct()];
    }
}
