using System.Text.Json;

namespace SecretProjection.Tool.Tests.Commands;

public class ValidateCommandTests
{
    private static readonly string[] SampleFiles =
        Directory.GetFiles(ToolProcess.Sample("manifests"), "*.yaml").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_bundled_samples_are_valid()
    {
        var result = ToolProcess.Run(["validate", "-f", .. SampleFiles, "-o", "json"], null);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var objects = json.RootElement.GetProperty("objects").EnumerateArray().ToArray();
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.Equal(0, o.GetProperty("errors").GetArrayLength()));
    }

    [Fact]
    public void Each_invalid_sample_reports_its_rule_with_a_field_path()
    {
        var files = Directory.GetFiles(ToolProcess.Sample("manifests/invalid"), "*.yaml").Order(StringComparer.Ordinal);
        var result = ToolProcess.Run(["validate", "-o", "json", "-f", .. files], null);
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var fields = json.RootElement.GetProperty("objects").EnumerateArray()
            .SelectMany(o => o.GetProperty("errors").EnumerateArray().Select(e => o.GetProperty("name").GetString() + " " + e.GetProperty("field").GetString()))
            .ToHashSet();
        string[] expected =
        [
            "shop/Bad_Name metadata.name",
            "shop/bad-keys data[bad key]",
            "shop/bad-keys data[..dotdot]",
            "shop/bad-keys data[.]",
            "shop/tls-missing-key data[tls.key]",
            "shop/basic-empty data[username]",
            "shop/ssh-empty data[ssh-privatekey]",
            "shop/docker-bad-json data[.dockerconfigjson]",
            "shop/dockercfg-missing data[.dockercfg]",
            "shop/token-no-account metadata.annotations[kubernetes.io/service-account.name]",
            "shop/too-big data",
            "shop/frozen immutable",
            "shop/frozen data",
            "shop/typed type",
            "shop/broken spec.volumes[0].secret.items[1].path",
        ];
        Assert.All(expected, e => Assert.Contains(e, fields));
    }

    [Fact]
    public void Reads_standard_input_and_prints_a_table_without_values()
    {
        const string yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: MARKER-VALUE}\n";
        var result = ToolProcess.Run(["validate", "-f", "-"], yaml);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Secret   default/s   valid", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MARKER", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n   bad: [\n", "-:5: ")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: '!!'}\n", "-:4: data[a]: illegal base64 data at input byte 0")]
    public void Malformed_input_exits_2_with_one_line_naming_file_and_line(string yaml, string prefix)
    {
        var result = ToolProcess.Run(["validate", "-f", "-"], yaml);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("secretprojection: " + prefix, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        var result = ToolProcess.Run("validate", "-f", "/nonexistent/x.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("secretprojection: /nonexistent/x.yaml: cannot read: no such file or directory", result.Stderr.Trim());
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "-f", "x", "-o", "yaml")]
    [InlineData("no-such-verb")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var result = ToolProcess.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("secretprojection: ", result.Stderr, StringComparison.Ordinal);
    }
}
