using System.Diagnostics;
using System.Globalization;
using SecretProjection.Kubernetes.Testing;

namespace SecretProjection.Benchmarks.Agent;

/// <summary>
/// The agent probe's API server as a child process (this program with <c>--agent-probe-server</c>), driven over its
/// standard input and output; see <see cref="AgentScaleProbe.Serve"/>.
/// </summary>
internal sealed class AgentProbeServer : IDisposable
{
    private readonly Process _process;

    private AgentProbeServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port the kubeconfig names.</summary>
    public int Port { get; }

    public static AgentProbeServer Start(int pods, int secrets, ApiServerTransport transport, string kubeconfig)
    {
        var start = new ProcessStartInfo(System.Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[typeof(AgentProbeServer).Assembly.Location, "--agent-probe-server", pods.ToString(CultureInfo.InvariantCulture), secrets.ToString(CultureInfo.InvariantCulture), transport == ApiServerTransport.Https ? "https" : "http1", kubeconfig])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the probe's API server ended before it was ready");
        return new AgentProbeServer(process, int.Parse(ready["ready ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Changes the shared Secret to its version <paramref name="version"/>.</summary>
    public void Rotate(int version) => Ask(string.Create(CultureInfo.InvariantCulture, $"rotate {version}"));

    /// <summary>The watches open on the server.</summary>
    public int OpenWatches() => int.Parse(Ask("watches"), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _process.StandardInput.Close();
        _process.WaitForExit();
        _process.Dispose();
    }

    private string Ask(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the probe's API server ended");
    }
}
