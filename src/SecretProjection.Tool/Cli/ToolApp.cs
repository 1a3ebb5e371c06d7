using System.CommandLine;
using System.CommandLine.Help;
using SecretProjection.Tool.Commands;

namespace SecretProjection.Tool.Cli;

/// <summary>The <c>secretprojection</c> command line: its verbs, and the mapping of failures to exit codes.</summary>
internal static class ToolApp
{
    private const string Description = "Does what the kubelet does with Kubernetes Secrets, without a node: validate, check, env, plan, pull-auth, project, sync, agent.";

    /// <summary>
    /// The verbs, each built only when it is needed: a run builds the one verb it names (its options, their parsers
    /// and what its action captures), since building all of them was a visible part of a one-file run's start. Help,
    /// a directive, a response file, shell completion and anything that is not a verb build them all.
    /// </summary>
    private static readonly (string Name, Func<ToolContext, Command> Create, bool RunsUntilStopped)[] Verbs =
    [
        ("validate", ValidateCommand.Create, false),
        ("check", CheckCommand.Create, false),
        ("env", EnvCommand.Create, false),
        ("plan", PlanCommand.Create, false),
        ("pull-auth", PullAuthCommand.Create, false),
        ("project", ProjectCommand.Create, false),
        ("sync", SyncCommand.Create, true),
        ("agent", AgentCommand.Create, true),
        ("completion", CompletionCommand.Create, false),
    ];

    /// <summary>Whether <paramref name="verb"/> names a verb that runs until it is stopped (sync, agent).</summary>
    internal static bool RunsUntilStopped(string? verb) =>
        Array.Exists(Verbs, v => v.RunsUntilStopped && string.Equals(v.Name, verb, StringComparison.Ordinal));

    /// <summary>
    /// The command line: <c>secretprojection</c> and its verbs, or only <paramref name="verb"/> when it names one; a
    /// <see cref="RootCommand"/> when <paramref name="completing"/>.
    /// </summary>
    internal static Command CreateRoot(ToolContext context, bool completing = false, string? verb = null)
    {
        // A plain Command named as people type it: RootCommand takes its name from the running assembly
        // (SecretProjection.Tool.dll, which a dotnet tool runs), so help would show that instead. Only a RootCommand
        // knows directives, so the [suggest:N] of shell completion (secretprojection completion) is parsed by one.
        Command root = completing ? new RootCommand(Description) : new Command("secretprojection", Description) { new HelpOption(), new VersionOption() };
        var named = completing ? -1 : Array.FindIndex(Verbs, v => string.Equals(v.Name, verb, StringComparison.Ordinal));
        foreach (var (_, create, _) in named >= 0 ? Verbs.AsSpan(named, 1) : Verbs)
        {
            root.Subcommands.Add(create(context));
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken)
    {
        var completing = args.Length > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal);
        var root = CreateRoot(context, completing, args.Length > 0 ? args[0] : null);
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && !completing)
        {
            foreach (var error in result.Errors)
            {
                // A message of System.CommandLine's may span lines ("Must be one of:\n\t'json'"): each is a line of its own.
                foreach (var line in error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    await context.Error.WriteLineAsync($"secretprojection: {PrintableWriter.Escape(line)}").ConfigureAwait(false);
                }
            }

            // The help of the verb the error is about, as kubectl points to its command's.
            var verb = result.CommandResult.Command == root ? string.Empty : " " + result.CommandResult.Command.Name;
            await context.Error.WriteLineAsync($"Run 'secretprojection{verb} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            // No ProcessTerminationTimeout: the process owns SIGINT and SIGTERM (Program.cs) and cancels the token, and
            // sync stops cleanly in its own time instead of being cut off after System.CommandLine's two seconds.
            var configuration = new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (InputException e)
        {
            foreach (var problem in e.Problems)
            {
                await context.Error.WriteLineAsync($"secretprojection: {PrintableWriter.Escape(problem)}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
#pragma warning disable CA1031 // The tool's contract: never an unhandled exception or a stack trace for the user.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The type only: an exception message could carry input it was given.
            await context.Error.WriteLineAsync($"secretprojection: internal error ({e.GetType().Name}); please report it.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
