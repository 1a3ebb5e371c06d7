namespace SecretProjection.Tool.Cli;

/// <summary>The tool's exit codes (fixed by the tool contract).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The pod could not start, or validation failed; JSON output is still printed.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or unreadable input: a message on stderr, nothing written.</summary>
    public const int BadInput = 2;
}
