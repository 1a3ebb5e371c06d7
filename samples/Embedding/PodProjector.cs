using Microsoft.Extensions.Options;
using SecretProjection.DependencyInjection;
using SecretProjection.Environment;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Linux.Volumes;
using SecretProjection.Projection;
using SecretProjection.Sources;
using SecretProjection.Writing;

namespace Embedding;

/// <summary>What a node agent does for a pod: resolve each container's environment, project each secret volume.</summary>
internal sealed class PodProjector(TimeProvider time, IOptions<SecretProjectionOptions> settings)
{
    // The README's "Use from code" quotes this method; eng/check-readme-example.sh keeps the two the same.
    public ProjectionReport Project(ManifestSet manifests, string root)
    {
        var pod = manifests.Pods.Single();
        var objects = new ObjectSnapshot(manifests.Secrets, manifests.ConfigMaps);
        var configured = settings.Value; // the options AddSecretProjection registered
        var environments = EnvResolver.ResolvePod(pod, objects, configured.Environment); // each container's variables, or why it cannot start

        // Each volume in root/<name>/ (made 0755 and held open), written from its plan: the plan carries the pod's
        // fsGroup and owners, as on a node (without root the kubelet's chown fails, and is skipped).
        using var directories = new LinuxVolumeRoot(root);
        var volumes = new List<ProjectedVolume>();
        foreach (var plan in PodPlanner.Plan(pod, objects, configured.Planning).Volumes)
        {
            using var projector = new VolumeProjector(plan.Name, () => directories.Open(plan.Name), new AtomicWriterOptions { TimeProvider = time });
            volumes.Add(new(plan, directories.PathOf(plan.Name), projector.Project(plan)));
        }

        return new ProjectionReport(pod.QualifiedName, environments, volumes);
    }
}
