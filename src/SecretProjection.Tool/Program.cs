using System.Runtime.InteropServices;
using SecretProjection.Tool.Cli;

RunSettings.Apply(args);

// Ctrl-C (SIGINT) and SIGTERM cancel the token: sync finishes the write in progress, leaves the volumes (and
// tmpfs mounts) as they are and exits 0. Every such signal is caught, a repeated one too (timeout(1) sends
// SIGTERM to the process and again to its group), so a stop is never cut short in the middle of a write.
using var cancellation = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await ToolApp.RunAsync(args, ToolContext.FromConsole(), cancellation.Token).ConfigureAwait(false);

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    cancellation.Cancel();
}
