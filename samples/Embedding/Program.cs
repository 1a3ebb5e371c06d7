using Embedding;
using Microsoft.Extensions.DependencyInjection;
using SecretProjection.DependencyInjection;
using SecretProjection.Environment;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Validation;

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("This sample writes volumes with Linux system calls and runs on Linux only.");
    return 2;
}

// The bundled pod and its Secrets (samples/manifests/, copied next to the program).
var manifests = ManifestSet.Concat(new[] { "pod.yaml", "app-secrets.yaml" }.Select(name =>
    ManifestReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "manifests", name)), name)));

var services = new ServiceCollection();
// The library's options and clock in one place (here: strict env names, as kubelets before 1.30). An agent that
// also keeps volumes in step with an API server adds AddKubernetesSources(kubeconfig) and resolves IPodSyncFactory.
services.AddSecretProjection(o => o.Environment = new EnvResolverOptions { EnvVarNames = EnvVarNameMode.Strict });
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
