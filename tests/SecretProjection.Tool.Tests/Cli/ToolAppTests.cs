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

    [Theory]
    [InlineData("validate -f x.yaml", "validate")]
    [InlineData("check --help", "check")]
    [InlineData("pull-auth", "pull-auth")]
    [InlineData("agent --node n --root r", "agent")]
    public void A_run_builds_only_the_verb_it_names(string args, string verb)
    {
        var root = ToolApp.CreateRoot(Context(), verb: args.Split(' ')[0]);

        Assert.Equal([verb], root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("--help")]
    [InlineData("bogus")]
    [InlineData("Validate")]
    [InlineData("[diagram]")]
    [InlineData("@args.rsp")]
    public void Help_and_anything_but_a_verb_build_every_verb(string? first)
    {
        var every = ToolApp.CreateRoot(Context()).Subcommands.Select(c => c.Name).ToArray();

        Assert.True(every.Length > 1);
        Assert.Equal(every, ToolApp.CreateRoot(Context(), verb: first).Subcommands.Select(c => c.Name));
        Assert.Equal(every, ToolApp.CreateRoot(Context(), completing: true, verb: "validate").Subcommands.Select(c => c.Name));
    }

    [Fact]
    public async Task Help_and_a_mistyped_verb_still_know_every_verb()
    {
        var (_, help, _) = await Run(["--help"]);
        var (_, _, typo) = await Run(["valdate"]);

        foreach (var verb in ToolApp.CreateRoot(Context()).Subcommands.Select(c => c.Name))
        {
            Assert.Contains("  " + verb + " ", help, StringComparison.Ordinal);
        }

        Assert.Contains("Unrecognized command or argument 'valdate'", typo, StringComparison.Ordinal);
    }

    private static ToolContext Context() => new(TextWriter.Null, TextWriter.Null, () => Stream.Null);

    private static async Task<(int Exit, string Output, string Error)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolApp.RunAsync(args, new ToolContext(output, error, () => Stream.Null), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
