using System.IO.Abstractions;

namespace SecretProjection.Tool.Cli;

/// <summary>The process's streams and file system, passed in so that commands can run inside tests.</summary>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="OpenInput">Opens standard input (for <c>-f -</c>).</param>
internal sealed record ToolContext(TextWriter Output, TextWriter Error, Func<Stream> OpenInput)
{
    /// <summary>Standard output for the table format: control characters from the input are escaped.</summary>
    public TextWriter Text { get; } = new PrintableWriter(Output);

    /// <summary>Where <c>-f</c> files and directories are read and listed. Default: the real file system.</summary>
    public IFileSystem FileSystem { get; init; } = new FileSystem();

    public static ToolContext FromConsole() => new(Console.Out, Console.Error, Console.OpenStandardInput);
}
