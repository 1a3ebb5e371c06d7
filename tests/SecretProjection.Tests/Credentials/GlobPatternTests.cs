using SecretProjection.Credentials;

namespace SecretProjection.Tests.Credentials;

public class GlobPatternTests
{
    // A selection of Go's path/filepath TestMatch table (match_test.go), Unix separator.
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ab/c", false)]
    [InlineData("a*/b", "abc/b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abc", false)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a[^a]b", "a☺b", true)]
    [InlineData("a???b", "a☺b", false)]
    [InlineData("a[!a]b", "a☺b", false)]
    [InlineData("*x", "xxx", true)]
    // bad patterns: errors in Go, no match here
    [InlineData("[", "a", false)]
    [InlineData("[^", "a", false)]
    [InlineData("[^bc", "a", false)]
    [InlineData("a[", "a", false)]
    [InlineData("a[", "ab", false)]
    [InlineData("[-]", "-", false)]
    [InlineData("[x-]", "x", false)]
    [InlineData("\\", "a", false)]
    [InlineData("[a-b-c]", "a", false)]
    public void Matches_as_Go_filepath_Match(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobPattern.Match(pattern, name));
}
