using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class ImageReferenceTests
{
    // The repositories reference.ParseNormalizedNamed gives (distribution/reference normalize_test.go and
    // the kubelet's parsers_test.go), which the kubelet looks its keyring up with.
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.27", "docker.io/library/nginx")]
    [InlineData("library/nginx", "docker.io/library/nginx")]
    [InlineData("docker.io/nginx", "docker.io/library/nginx")]
    [InlineData("index.docker.io/foo/bar:tag", "docker.io/foo/bar")]
    [InlineData("foo/bar", "docker.io/foo/bar")]
    [InlineData("registry.example.com/shop/web:2.1", "registry.example.com/shop/web")]
    [InlineData("registry.example.com:5000/shop/web", "registry.example.com:5000/shop/web")]
    [InlineData("localhost/foo", "localhost/foo")]
    [InlineData("localhost:5000/foo", "localhost:5000/foo")]
    [InlineData("Registry.Example.com/foo", "Registry.Example.com/foo")]
    [InlineData("[::1]:5000/foo", "[::1]:5000/foo")]
    [InlineData("foo_bar.com:8080", "docker.io/library/foo_bar.com")]
    [InlineData("ubuntu@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "docker.io/library/ubuntu")]
    [InlineData("quay.io/coreos/etcd:v3.5.0@sha256:45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "quay.io/coreos/etcd")]
    public void Normalizes_to_the_repository(string image, string repository)
    {
        Assert.True(ImageReference.TryGetRepository(image, out var actual, out var error), error);
        Assert.Equal(repository, actual);
    }

    [Theory]
    [InlineData("", "invalid reference format")]
    [InlineData("Nginx", "invalid reference format: repository name (library/Nginx) must be lowercase")]
    [InlineData("registry.example.com/Shop", "invalid reference format: repository name (Shop) must be lowercase")]
    [InlineData("nginx:", "invalid reference format")]
    [InlineData("a b", "invalid reference format")]
    [InlineData("nginx@sha256:abc", "invalid reference format")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef", "unsupported digest algorithm")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef", "invalid checksum digest length")]
    [InlineData("45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2", "invalid repository name (45b23dee08af5e43a7fea6c4cf9c25ccf269ee113168c19722f87876677c5cb2), cannot specify 64-byte hexadecimal strings")]
    public void Rejects_invalid_references_with_the_parser_message(string image, string message)
    {
        Assert.False(ImageReference.TryGetRepository(image, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Rejects_names_over_255_characters() =>
        Assert.Equal("repository name must not be more than 255 characters", ImageReference.TryGetRepository("a/" + new string('b', 250), out _, out var error) ? null : error);

    [Property(MaxTest = 500)]
    public bool Never_throws_and_a_repository_normalizes_to_itself(NonNull<string> image) =>
        !ImageReference.TryGetRepository(image.Get, out var repository, out _)
        || (ImageReference.TryGetRepository(repository, out var again, out _) && again == repository);

    // distribution/reference's ReferenceRegexp (regexp.go), as the oracle the hand-written matcher must agree with.
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Host = "(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[(?:[a-fA-F0-9:]+)\])";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string Name = "(?:" + Host + "(?::[0-9]+)?/)?" + PathComponent + "(?:/" + PathComponent + ")*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static readonly Regex ReferenceRegexp = new(
        "^(" + Name + ")(?::(" + Tag + "))?(?:@(" + Digest + @"))?\z",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    // References built part by part, each part mostly valid and sometimes not (hosts, ports, path components and their
    // separators, tags, digests), and strings of loose pieces: about half match, a tenth with a digest.
    private static Gen<string> Mostly(string[] valid, string[] invalid) =>
        Gen.Frequency((12, Gen.Elements(valid)), (1, Gen.Elements(invalid)));

    private static Gen<string> Joined(Gen<string> part, Gen<string> separator, int most) =>
        Gen.Choose(1, most).SelectMany(n => Gen.Zip(part, separator).ListOf(n))
            .Select(pairs => string.Concat(pairs.Select((p, i) => i == 0 ? p.Item1 : p.Item2 + p.Item1)));

    private static readonly Gen<string> None = Gen.Constant(string.Empty);

    public static Arbitrary<string> References()
    {
        var run = Mostly(["a", "b2", "0", "xyz"], ["A", "é", ""]);
        var component = Joined(run, Mostly([".", "_", "__", "-", "---"], ["___", "._", ":", " "]), 3);
        var label = Mostly(["localhost", "example", "ex-ample", "a", "A0"], ["-x", "x-", ""]);
        var host = Gen.OneOf(Joined(label, Gen.Constant("."), 3), Mostly(["[::1]", "[fe80::1]"], ["[", "[]", "[::1]x", "[g]"]));
        var port = Gen.OneOf(None, Mostly([":5000", ":80"], [":", ":x"]));
        var name = Gen.OneOf(None, from h in host from p in port select h + p + "/")
            .SelectMany(prefix => Joined(component, Mostly(["/"], ["//", ":"]), 3).Select(path => prefix + path));
        var tag = Gen.OneOf(None, Joined(Mostly(["latest", "v1.2", "_", "1"], [".", "-", "é", ""]), Mostly([".", "-", "_"], [":", "@"]), 3).Select(t => ":" + t));
        var algorithm = Joined(Mostly(["sha256", "a", "B1"], ["1", ""]), Mostly(["+", "-", ".", "_"], ["+-", ":"]), 3);
        var hex = Mostly([new string('a', 64), "0123456789abcdef0123456789ABCDEF"], [new string('0', 31), new string('g', 32), ""]);
        var digest = Gen.OneOf(None, None, from a in algorithm from h in hex select "@" + a + ":" + h);
        var built = from n in name from t in tag from d in digest select n + t + d;
        var loose = Gen.Elements("a", "A", "-", ".", "_", ":", "/", "@", "[", "]", "5000", "é", "sha256:" + new string('a', 64))
            .ListOf().Select(string.Concat);
        return Gen.Frequency((6, built), (1, loose)).ToArbitrary();
    }

    [Property(MaxTest = 3000, Arbitrary = [typeof(ImageReferenceTests)])]
    public Property The_matcher_agrees_with_the_reference_regexp(string reference)
    {
        var match = ReferenceRegexp.Match(reference);
        var matched = ReferenceGrammar.TryMatch(reference, out var nameLength, out var digestStart);
        var expected = match.Success ? $"{match.Groups[1].Value} {(match.Groups[3].Success ? match.Groups[3].Value : "-")}" : "no match";
        var actual = matched ? $"{reference[..nameLength]} {(digestStart < 0 ? "-" : reference[digestStart..])}" : "no match";
        return (expected == actual).Label($"{reference}: the regexp gives {expected}, the matcher {actual}");
    }

    [Theory]
    [InlineData("docker.io/library/nginx:1.27", true)]
    [InlineData("a__b/c--d/e.f_g", true)]
    [InlineData("a___b", false)]
    [InlineData("a._b", false)]
    [InlineData("-a.com/b", false)]
    [InlineData("a-.com/b", false)]
    [InlineData("[::1]:5000/foo", true)]
    [InlineData("[]/foo", false)]
    [InlineData("[::1]x/foo", false)]
    [InlineData("host:/foo", false)]
    [InlineData("foo:" + "t123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789", false)]
    [InlineData("foo:.tag", false)]
    [InlineData("foo@sha256:0123456789abcdef0123456789abcdef", true)]
    [InlineData("foo@sha256:0123456789abcdef0123456789abcde", false)]
    [InlineData("foo@1sha:0123456789abcdef0123456789abcdef", false)]
    [InlineData("foo@a+-b:0123456789abcdef0123456789abcdef", false)]
    public void Matches_as_the_reference_regexp_does(string reference, bool matches)
    {
        Assert.Equal(matches, ReferenceRegexp.IsMatch(reference));
        Assert.Equal(matches, ReferenceGrammar.TryMatch(reference, out _, out _));
    }
}
