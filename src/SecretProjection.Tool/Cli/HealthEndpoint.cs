using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SecretProjection.Hosting.HealthChecks;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// <c>--health-port</c>: on 127.0.0.1, <c>GET /healthz</c> runs the liveness checks and <c>GET /readyz</c> the
/// readiness checks (<see cref="AgentHealthChecks"/>), answering 200 when they are healthy and 503 otherwise, with
/// the status as text. One request per connection (HTTP/1.1 with <c>Connection: close</c>), which is all a kubelet
/// probe, a systemd watchdog script or curl sends; not the place for a web framework in a command-line tool.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HealthEndpoint : BackgroundService
{
    private const int MaxRequestBytes = 8192;

    private readonly TcpListener _listener;
    private readonly HealthCheckService _health;

    public HealthEndpoint(int port, HealthCheckService health)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _health = health;
    }

    /// <summary>Listens at once, so that a port in use fails before the agent starts.</summary>
    /// <returns>The port listened on (the one asked for, or the one the system chose for 0).</returns>
    /// <exception cref="SocketException">The port cannot be listened on.</exception>
    public int Listen()
    {
        _listener.Start();
        return ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                _ = AnswerAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _listener.Stop();
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var target = await ReadRequestTargetAsync(stream, stop).ConfigureAwait(false);
                var tag = target switch
                {
                    "/healthz" or "/livez" => AgentHealthChecks.LiveTag,
                    "/readyz" => AgentHealthChecks.ReadyTag,
                    _ => null,
                };
                if (tag is null)
                {
                    await WriteAsync(stream, 404, "Not Found", "not found\n", stop).ConfigureAwait(false);
                    return;
                }

                var report = await _health.CheckHealthAsync(c => c.Tags.Contains(tag), stop).ConfigureAwait(false);
                var healthy = report.Status == HealthStatus.Healthy;
                var body = new StringBuilder(report.Status.ToString()).Append('\n');
                foreach (var (name, entry) in report.Entries)
                {
                    body.Append(name).Append(": ").Append(entry.Status).Append(" - ").Append(entry.Description).Append('\n');
                }

                await WriteAsync(stream, healthy ? 200 : 503, healthy ? "OK" : "Service Unavailable", body.ToString(), stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away, or the agent stops: nothing to answer.
            }
        }
    }

    /// <summary>The path of a <c>GET</c> request line (the query dropped); <see langword="null"/> for anything else.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new byte[MaxRequestBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), stop).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
            if (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var line = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n", 2)[0].Split(' ');
        return line is ["GET", var target, _] ? target.Split('?', 2)[0] : null;
    }

    private static async Task WriteAsync(NetworkStream stream, int code, string reason, string body, CancellationToken stop)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop).ConfigureAwait(false);
        await stream.WriteAsync(bytes, stop).ConfigureAwait(false);
    }
}
