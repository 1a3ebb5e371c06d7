using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecretProjection.Model;
using SecretProjection.TrustBundles;

namespace SecretProjection.Tests.TrustBundles;

public class TrustAnchorsTests
{
    // Upstream's mustMakeRoot makes an ed25519 CA; any self-signed CA serves, as a PEM CERTIFICATE block.
    private static string MakeRoot(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.ExportCertificatePem() + "\n";
    }

    private static ClusterTrustBundle Bundle(string name, string signerName, string label, string pem) => new()
    {
        Name = name,
        SignerName = signerName,
        Labels = new Dictionary<string, string> { ["label"] = label },
        TrustBundle = pem,
    };

    private static byte[][] Blocks(string pem) => PemBlock.DecodeAll(pem).Select(b => b.Bytes).ToArray();

    // diffBundles: the same certificates, whatever the order.
    private static void AssertSameCertificates(string expected, string actual) =>
        Assert.Equal(Blocks(expected).OrderBy(Convert.ToHexString), Blocks(actual).OrderBy(Convert.ToHexString));

    private static readonly string Root1 = MakeRoot("root1");
    private static readonly string Root2 = MakeRoot("root2");

    // Ported from TestGetTrustAnchorsByName (pkg/kubelet/clustertrustbundle/clustertrustbundle_manager_test.go).
    [Fact]
    public void TestGetTrustAnchorsByName()
    {
        ClusterTrustBundle[] bundles = [new() { Name = "ctb1", TrustBundle = Root1 }, new() { Name = "ctb2", TrustBundle = Root2 }];

        Assert.True(TrustAnchors.ByName("ctb1", false, bundles, null, out var pem, out _));
        AssertSameCertificates(Root1, pem);
        Assert.True(TrustAnchors.ByName("ctb2", false, bundles, null, out pem, out _));
        AssertSameCertificates(Root2, pem);

        Assert.False(TrustAnchors.ByName("not-found", false, bundles, null, out _, out var error));
        Assert.Equal("while getting ClusterTrustBundle: clustertrustbundle.certificates.k8s.io \"not-found\" not found", error);
        Assert.True(TrustAnchors.ByName("not-found", true, bundles, null, out pem, out _));
        Assert.Equal(string.Empty, pem);
    }

    // Ported from TestGetTrustAnchorsBySignerName.
    public class BySignerName
    {
        private static readonly string Root0 = MakeRoot("0");
        private static readonly string RootA2 = MakeRoot("1");
        private static readonly string RootB = MakeRoot("2");
        private static readonly string Root3 = MakeRoot("3");

        private static readonly ClusterTrustBundle[] Bundles =
        [
            Bundle("signer-a-label-a-1", "foo.bar/a", "a", Root0),
            Bundle("signer-a-label-a-2", "foo.bar/a", "a", RootA2),
            Bundle("signer-a-label-2-dup", "foo.bar/a", "a", RootA2),
            Bundle("signer-a-label-b-1", "foo.bar/a", "b", RootB),
            Bundle("signer-b-label-a-1", "foo.bar/b", "a", Root3),
        ];

        private static LabelSelector Label(string value) => new() { MatchLabels = new Dictionary<string, string> { ["label"] = value } };

        [Fact]
        public void Big_labelselector_should_cause_error()
        {
            var matchLabels = Enumerable.Range(0, (100 * 1024 / 63) + 1).ToDictionary(i => $"key-{i}", _ => new string('v', 63));
            Assert.False(TrustAnchors.BySigner("foo.bar/a", new LabelSelector { MatchLabels = matchLabels }, false, Bundles, null, out _, out var error));
            Assert.StartsWith("label selector length (", error, StringComparison.Ordinal);
            Assert.EndsWith(") is larger than 102400", error, StringComparison.Ordinal);
        }

        [Fact]
        public void Signer_a_label_a_should_yield_two_sorted_certificates()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/a", Label("a"), false, Bundles, null, out var pem, out _));
            AssertSameCertificates(Root0 + RootA2, pem);

            // Without the kubelet's shuffle, the order is the sorted one, and the blocks are Go's encoding.
            var sorted = Blocks(Root0 + RootA2).OrderBy(b => b, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)));
            Assert.Equal(string.Concat(sorted.Select(b => PemBlock.Encode("CERTIFICATE", b))), pem);
        }

        [Fact]
        public void Signer_a_with_nil_selector_should_yield_zero_certificates()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/a", null, true, Bundles, null, out var pem, out _));
            Assert.Equal(string.Empty, pem);
        }

        [Fact]
        public void Signer_b_with_empty_selector_should_yield_one_certificate()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/b", new LabelSelector(), false, Bundles, null, out var pem, out _));
            AssertSameCertificates(Root3, pem);
        }

        [Fact]
        public void Signer_a_label_b_should_yield_one_certificate()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/a", Label("b"), false, Bundles, null, out var pem, out _));
            AssertSameCertificates(RootB, pem);
        }

        [Fact]
        public void Signer_b_label_a_should_yield_one_certificate()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/b", Label("a"), false, Bundles, null, out var pem, out _));
            AssertSameCertificates(Root3, pem);
        }

        [Fact]
        public void Signer_b_label_b_allowMissing_true_should_yield_zero_certificates()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/b", Label("b"), true, Bundles, null, out var pem, out _));
            Assert.Equal(string.Empty, pem);
        }

        [Fact]
        public void Signer_b_label_b_allowMissing_false_should_yield_zero_certificates_error()
        {
            Assert.False(TrustAnchors.BySigner("foo.bar/b", Label("b"), false, Bundles, null, out _, out var error));
            Assert.Equal("combination of signerName and labelSelector matched zero ClusterTrustBundles", error);
        }

        [Fact]
        public void An_invalid_selector_is_the_parse_error()
        {
            var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "label", Operator = "Near" }] };
            Assert.False(TrustAnchors.BySigner("foo.bar/a", selector, false, Bundles, null, out _, out var error));
            Assert.Equal("while parsing label selector: \"Near\" is not a valid pod selector operator", error);
        }

        [Fact]
        public void The_kubelets_shuffle_keeps_every_certificate_once()
        {
            Assert.True(TrustAnchors.BySigner("foo.bar/a", new LabelSelector(), false, Bundles, new Random(3), out var pem, out _));
            Assert.Equal(3, Blocks(pem).Length);
            AssertSameCertificates(Root0 + RootA2 + RootB, pem);
        }
    }

    [Fact]
    public void A_projection_by_name_or_signer_and_one_with_neither()
    {
        ClusterTrustBundle[] bundles = [new() { Name = "ctb1", TrustBundle = Root1 }];
        Assert.True(TrustAnchors.TryCollect(new ClusterTrustBundleProjection { Path = "ca.pem", Name = "ctb1" }, bundles, null, out var pem, out _));
        AssertSameCertificates(Root1, pem);
        Assert.False(TrustAnchors.TryCollect(new ClusterTrustBundleProjection { Path = "ca.pem" }, bundles, null, out _, out var error));
        Assert.Equal(TrustAnchors.NeitherNameNorSigner, error);
        Assert.True(TrustAnchors.TryCollect(new ClusterTrustBundleProjection { Path = "ca.pem", Name = "gone", Optional = true }, bundles, null, out pem, out _));
        Assert.Empty(pem);
    }

    [Fact]
    public void Normalization_drops_headers_and_junk_relabels_blocks_and_deduplicates()
    {
        var root = Blocks(Root1)[0];
        var messy = "junk before\r\n" + Root1.Replace("\n", "\r\n", StringComparison.Ordinal)
            + "-----BEGIN TRUSTED CERTIFICATE-----\nComment: hello\n\n" + Convert.ToBase64String(root) + "\n-----END TRUSTED CERTIFICATE-----\n"
            + "-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n" + "trailing";
        var pem = TrustAnchors.Normalize([new ClusterTrustBundle { Name = "x", TrustBundle = messy }], null);
        Assert.Equal(PemBlock.Encode("CERTIFICATE", root), pem);
    }
}
