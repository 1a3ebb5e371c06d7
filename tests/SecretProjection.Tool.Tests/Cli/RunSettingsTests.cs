using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary>Which runs let the runtime generate code: only the verbs that run until stopped.</summary>
public sealed class RunSettingsTests
{
    [Theory]
    [InlineData("sync --pod p -f pod.yaml --root r", true)]
    [InlineData("agent --node n --root r", true)]
    [InlineData("validate -f x.yaml", false)]
    [InlineData("check -f x.yaml", false)]
    [InlineData("project -f x.yaml --pod p --root r", false)]
    [InlineData("--help", false)]
    [InlineData("", false)]
    [InlineData("Sync", false)]
    public void Only_the_verbs_that_run_until_stopped_generate_code(string args, bool generates) =>
        Assert.Equal(generates, RunSettings.GeneratesCode(args.Length == 0 ? [] : args.Split(' ')));
}
