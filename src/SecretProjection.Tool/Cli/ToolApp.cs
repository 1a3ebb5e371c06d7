using System.CommandLine;
using System.CommandLine.Help;
using SecretProjection.Tool.Commands;

namespace SecretProjection.Tool.Cli;

/// <summary>The <c>secretprojection</c> command line: its verbs, and the mapping of failures to exit codes.</summary>
internal static class ToolApp
{
    public static async Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken)
    {
        // A plain Command named as people type it: RootCommand takes its name from the running assembly
        // (SecretProjection.Tool.dll, which a dotnet tool runs), so help would show that instead.
        var root = new Command("secretprojection", "Does what the kubelet does with Kubernetes Secrets, without a node.")
        {
            new HelpOption(),
            new VersionOption(),
            ValidateCommand.Create(context),
            EnvCommand.Create(context),
            PlanCommand.Create(context),
            PullAuthCommand.Create(context),
            ProjectCommand.Create(context),
            SyncCommand.Create(context),
            AgentCommand.Create(context),
        };

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await context.Error.WriteLineAsync($"secretprojection: {PrintableWriter.Escape(error.Message)}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("Run 'secretprojection --help' for usage.").ConfigureAwait(false);
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
