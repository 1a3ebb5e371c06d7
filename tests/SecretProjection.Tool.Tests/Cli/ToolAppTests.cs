using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary>The command line itself, run in-process: its name in help, and the exit codes of usage errors.</summary>
public sealed class ToolAppTests
{
    [Theory]
    [InlineData("--help", "secretprojection [command] [options]")]
    [InlineData("sync --help", "secretprojection sync [options]")]
    public async Task Help_names_the_command_people_type_not_the_assembly(string args, string usage)
    {
        var (exit, output, _) = await Run(args.Split(' '));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(usage, output, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretProjection.Tool", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "secretprojection")]
    [InlineData("bogus", "secretprojection")]
    [InlineData("validate", "secretprojection validate")]
    [InlineData("check -o xml", "secretprojection check")]
    public async Task Bad_usage_is_exit_2_with_a_pointer_to_the_verbs_help(string args, string command)
    {
        var (exit, output, error) = await Run(args.Length == 0 ? [] : args.Split(' '));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Empty(output);
        Assert.EndsWith($"Run '{command} --help' for usage." + System.Environment.NewLine, error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolApp.RunAsync(args, new ToolContext(output, error, () => Stream.Null), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
