using Embedding;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.Kubernetes.Manifests;

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("This sample writes volumes with Linux system calls and runs on Linux only.");
    return 2;
}

// The bundled pod and its Secrets (samples/manifests/, copied next to the program).
var manifests = ManifestSet.Concat(new[] { "pod.yaml", "app-secrets.yaml" }.Select(name =>
    ManifestReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "manifests", name)), name)));

var services = new ServiceCollection();
// AddSecretProjection: the core's registration goes here. Until it exists, the clock is registered by hand.
services.AddSingleton(TimeProvider.System);
services.AddSingleton<PodProjector>();
using var provider = services.BuildServiceProvider();

var root = Directory.CreateTempSubdirectory("secretprojection-embedding-");
try
{
    var report = provider.GetRequiredService<PodProjector>().Project(manifests, root.FullName);
    report.WriteTo(Console.Out);
    return report.Succeeded ? 0 : 1;
}
finally
{
    root.Delete(recursive: true);
}
