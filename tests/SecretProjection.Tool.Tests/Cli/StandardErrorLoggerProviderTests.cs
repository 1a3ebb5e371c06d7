using Microsoft.Extensions.Logging;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Tests.Cli;

/// <summary>What the tool's logger puts on standard error.</summary>
public sealed class StandardErrorLoggerProviderTests
{
    [Fact]
    public void Warnings_and_back_off_notes_are_one_line_each_with_control_characters_escaped_and_the_rest_is_dropped()
    {
        var error = new StringWriter();
        using var provider = new StandardErrorLoggerProvider(error);
        var logger = provider.CreateLogger("SecretProjection.Syncing");

        logger.Log(LogLevel.Warning, new EventId(1, "VolumeFailed"), "volume db\u001b[2J failed: refused\nforged line", null, (s, _) => s);
        logger.Log(LogLevel.Debug, new EventId(2, StandardErrorLoggerProvider.WatchBackingOff), "backing off 00:00:00.8", null, (s, _) => s);
        logger.Log(LogLevel.Information, new EventId(3, "VolumeWritten"), "volume db written", null, (s, _) => s);

        Assert.Equal(
            [
                "secretprojection: warning: volume db\\u001b[2J failed: refused\\nforged line",
                "secretprojection: note: backing off 00:00:00.8",
            ],
            error.ToString().Split(System.Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
