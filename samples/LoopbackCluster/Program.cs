using System.Runtime.InteropServices;
using LoopbackCluster;
using SecretProjection.Kubernetes.Testing;

// A Kubernetes API server on 127.0.0.1 (SecretProjection.Kubernetes.Testing's LoopbackApiServer, on Kestrel) for trying
// `secretprojection sync` without a cluster:
//
//   LoopbackCluster [--kubeconfig PATH] [--namespace NS] [--https] [FILE...]
//
// With --https it also listens over TLS (a certificate of its own; HTTP/2 by ALPN) and the kubeconfig points there.
// It applies FILE... (default: samples/manifests/*.yaml under the current directory), writes a kubeconfig for
// itself (default: a new temporary file) and prints where. Then each line on standard input is a command:
// "apply FILE" applies a manifest as `kubectl apply -f FILE` would (a Secret's watchers see MODIFIED), and
// "delete KIND NAMESPACE/NAME" deletes an object. The end of standard input, Ctrl-C or SIGTERM stops it.
var kubeconfig = Path.Combine(Path.GetTempPath(), $"loopback-cluster-{Environment.ProcessId}.kubeconfig");
var defaultNamespace = "default";
var transport = ApiServerTransport.Http1;
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--kubeconfig" when i + 1 < args.Length:
            kubeconfig = args[++i];
            break;
        case "--namespace" when i + 1 < args.Length:
            defaultNamespace = args[++i];
            break;
        case "--https":
            transport = ApiServerTransport.Https;
            break;
        case var option when option.StartsWith('-'):
            Console.Error.WriteLine($"unknown option {option}; usage: LoopbackCluster [--kubeconfig PATH] [--namespace NS] [--https] [FILE...]");
            return 2;
        default:
            files.Add(args[i]);
            break;
    }
}

if (files.Count == 0 && Directory.Exists("samples/manifests"))
{
    files.AddRange(Directory.GetFiles("samples/manifests", "*.yaml").Order(StringComparer.Ordinal));
}

await using var server = LoopbackApiServer.Start(new LoopbackApiServerOptions { Transports = ApiServerTransport.Http1 | transport });
Console.WriteLine($"Loopback API server on {server.AddressOf(transport)}");
var applier = new ManifestApplier(server, defaultNamespace, Console.Out);
foreach (var file in files)
{
    applier.Apply(file);
}

server.WriteKubeconfig(kubeconfig, defaultNamespace, transport);
Console.WriteLine($"kubeconfig: {Path.GetFullPath(kubeconfig)} (context namespace {defaultNamespace})");
Console.WriteLine("Ready: 'apply FILE' and 'delete KIND NAMESPACE/NAME' lines on standard input; end of input, Ctrl-C or SIGTERM stops.");

var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

// Console.In blocks its thread; a stop does not wait for it.
var commands = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line)
    {
        Run(line.Trim());
    }
});
await Task.WhenAny(commands, stop.Task);
Console.WriteLine("Stopped.");
return 0;

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.TrySetResult();
}

void Run(string line)
{
    var words = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    try
    {
        switch (words)
        {
            case [] or [['#', ..], ..]:
                break;
            case ["apply", var file]:
                applier.Apply(file.StartsWith("-f ", StringComparison.Ordinal) ? file[3..].Trim() : file);
                break;
            case ["delete", var target] when target.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var kind, var qualified] && qualified.Split('/') is [var ns, var name]:
                Console.WriteLine(server.State.Delete(kind, ns, name) is { } version
                    ? $"{kind.ToLowerInvariant()}/{name} deleted from {ns} (resourceVersion {version})"
                    : $"{kind.ToLowerInvariant()}/{name} not found in {ns}");
                break;
            default:
                Console.Error.WriteLine($"unknown command: {line} (apply FILE, delete KIND NAMESPACE/NAME)");
                break;
        }
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or YamlDotNet.Core.YamlException or System.Text.Json.JsonException)
    {
        // The exception's type and the file's name only: a parser's message may quote the manifest.
        Console.Error.WriteLine($"{line}: failed ({e.GetType().Name}: {(e is YamlDotNet.Core.YamlException yaml ? $"line {yaml.Start.Line}" : e.Message)})");
    }
}
