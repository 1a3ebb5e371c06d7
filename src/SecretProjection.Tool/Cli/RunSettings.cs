namespace SecretProjection.Tool.Cli;

/// <summary>Runtime settings chosen per run from its arguments, before anything else runs.</summary>
internal static class RunSettings
{
    /// <summary>The feature switch behind <see cref="System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported"/>.</summary>
    internal const string DynamicCodeSwitch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>Whether a run with these arguments lets the runtime generate code (only a verb that runs until stopped does).</summary>
    internal static bool GeneratesCode(string[] args) => args.Length > 0 && ToolApp.RunsUntilStopped(args[0]);

    /// <summary>
    /// Turns the runtime's code generation off for a run that ends on its own: in a run of a second or two, emitting
    /// code never pays back what emitting it costs (reading YAML compiles a regular expression to IL on first use;
    /// reflection and JSON emit accessors), and the interpreter and plain reflection do the same work. Measured:
    /// about a tenth of a one-file run's CPU (benchmarks/README.md, "Starting the tool"). sync and agent keep it.
    /// </summary>
    public static void Apply(string[] args)
    {
        if (!GeneratesCode(args))
        {
            AppContext.SetSwitch(DynamicCodeSwitch, isEnabled: false);
        }
    }
}
