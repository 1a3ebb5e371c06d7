using SecretProjection.Model;
using SecretProjection.Text;

namespace SecretProjection.TrustBundles;

/// <summary>
/// The kubelet's ClusterTrustBundle manager (<c>pkg/kubelet/clustertrustbundle</c>): which bundles a projection
/// selects, and the file it gets: every certificate of them once, as <c>CERTIFICATE</c> blocks without headers.
/// </summary>
/// <remarks>
/// The kubelet orders the certificates by their bytes, then shuffles them once per normalization "so that the
/// order changes each time the kubelet restarts". Without a shuffle this gives that sorted order, which is one of
/// the kubelet's possible orders and the same on every run.
/// </remarks>
internal static class TrustAnchors
{
    /// <summary>The longest label selector, written out, that a projection may use: 100 KiB.</summary>
    public const int MaxLabelSelectorLength = 100 * 1024;

    /// <summary>The projection that names neither a bundle nor a signer.</summary>
    public const string NeitherNameNorSigner = "ClusterTrustBundle projection requires either name or signerName to be set";

    /// <summary>The certificates of a projection, from the bundles there are.</summary>
    /// <param name="projection">The projection.</param>
    /// <param name="bundles">Every ClusterTrustBundle.</param>
    /// <param name="shuffle">Shuffles the sorted certificates as the kubelet does; <see langword="null"/> keeps them sorted.</param>
    /// <param name="pem">The file's text (empty for an optional projection that found none).</param>
    /// <param name="error">The kubelet's error, when there is no file.</param>
    /// <returns>Whether there is a file.</returns>
    public static bool TryCollect(
        ClusterTrustBundleProjection projection, IReadOnlyList<ClusterTrustBundle> bundles, Random? shuffle,
        out string pem, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(bundles);
        pem = string.Empty;
        if (projection.Name is { } name)
        {
            return ByName(name, projection.Optional, bundles, shuffle, out pem, out error);
        }

        if (projection.SignerName is { } signer)
        {
            return BySigner(signer, projection.LabelSelector, projection.Optional, bundles, shuffle, out pem, out error);
        }

        error = NeitherNameNorSigner;
        return false;
    }

    /// <summary><c>GetTrustAnchorsByName</c>: the certificates of one bundle; a missing one is empty when allowed.</summary>
    /// <param name="name">The bundle's name.</param>
    /// <param name="allowMissing">Whether a missing bundle gives an empty file.</param>
    /// <param name="bundles">Every bundle.</param>
    /// <param name="shuffle">The kubelet's shuffle, or <see langword="null"/>.</param>
    /// <param name="pem">The certificates.</param>
    /// <param name="error">The kubelet's error.</param>
    /// <returns>Whether there are certificates (or an allowed absence).</returns>
    public static bool ByName(
        string name, bool allowMissing, IReadOnlyList<ClusterTrustBundle> bundles, Random? shuffle,
        out string pem, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        error = null;
        pem = string.Empty;
        if (bundles.FirstOrDefault(b => b.Name == name) is not { } bundle)
        {
            if (allowMissing)
            {
                return true;
            }

            error = $"while getting ClusterTrustBundle: clustertrustbundle.certificates.k8s.io {GoQuote.Quote(name)} not found";
            return false;
        }

        pem = Normalize([bundle], shuffle);
        return true;
    }

    /// <summary>
    /// <c>GetTrustAnchorsBySigner</c>: the certificates of every bundle of a signer that the selector matches; none
    /// is an error unless allowed.
    /// </summary>
    /// <param name="signerName">The signer.</param>
    /// <param name="selector">The selector: <see langword="null"/> matches nothing, empty everything.</param>
    /// <param name="allowMissing">Whether a selection of none gives an empty file.</param>
    /// <param name="bundles">Every bundle.</param>
    /// <param name="shuffle">The kubelet's shuffle, or <see langword="null"/>.</param>
    /// <param name="pem">The certificates.</param>
    /// <param name="error">The kubelet's error.</param>
    /// <returns>Whether there are certificates (or an allowed absence).</returns>
    public static bool BySigner(
        string signerName, LabelSelector? selector, bool allowMissing, IReadOnlyList<ClusterTrustBundle> bundles, Random? shuffle,
        out string pem, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        pem = string.Empty;
        if (!LabelSelectorRules.TryCreate(selector, out var rules, out var selectorError))
        {
            error = "while parsing label selector: " + selectorError;
            return false;
        }

        var length = rules.ToString().Length;
        if (length > MaxLabelSelectorLength)
        {
            error = $"label selector length ({length}) is larger than {MaxLabelSelectorLength}";
            return false;
        }

        var selected = bundles.Where(b => rules.Matches(b.Labels) && b.SignerName == signerName).ToArray();
        if (selected.Length == 0)
        {
            error = allowMissing ? null : "combination of signerName and labelSelector matched zero ClusterTrustBundles";
            return allowMissing;
        }

        error = null;
        pem = Normalize(selected, shuffle);
        return true;
    }

    /// <summary>
    /// <c>normalizeTrustAnchors</c>: every PEM block of the bundles, whatever its type, once by its bytes, sorted by
    /// them (then shuffled, when asked), each written as a <c>CERTIFICATE</c> block without headers.
    /// </summary>
    /// <param name="bundles">The bundles.</param>
    /// <param name="shuffle">The kubelet's shuffle, or <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public static string Normalize(IEnumerable<ClusterTrustBundle> bundles, Random? shuffle)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var anchors = new SortedSet<byte[]>(ByteOrder.Instance);
        foreach (var bundle in bundles)
        {
            foreach (var block in PemBlock.DecodeAll(bundle.TrustBundle))
            {
                anchors.Add(block.Bytes);
            }
        }

        var list = anchors.ToArray();
        shuffle?.Shuffle(list);
        return string.Concat(list.Select(a => PemBlock.Encode("CERTIFICATE", a)));
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
