using SecretProjection.Tool.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await ToolApp.RunAsync(args, ToolContext.FromConsole(), cancellation.Token).ConfigureAwait(false);
