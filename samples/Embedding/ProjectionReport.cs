using System.Reflection;
using SecretProjection.Environment;
using SecretProjection.Projection;

namespace Embedding;

/// <summary>What <see cref="PodProjector"/> did. Printed with names, sizes and modes, never a secret value.</summary>
internal sealed record ProjectionReport(string Pod, IReadOnlyList<ContainerEnvironment> Environments, IReadOnlyList<ProjectedVolume> Volumes)
{
    public bool Succeeded => Environments.All(e => e.CanStart) && Volumes.All(v => v.Result.Outcome != VolumeOutcome.Failed);

    public void WriteTo(TextWriter output)
    {
        var library = typeof(PodPlanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        output.WriteLine($"Pod {Pod} (SecretProjection {library})");

        output.WriteLine("Environment");
        foreach (var environment in Environments)
        {
            var names = environment.CanStart ? ": " + string.Join(", ", environment.Env.Select(v => v.Name)) : string.Empty;
            output.WriteLine($"  {environment}{names}");
            foreach (var e in environment.Events)
            {
                output.WriteLine($"    {e.Type} {e.Reason}: {e.Message}");
            }
        }

        output.WriteLine("Volumes");
        foreach (var volume in Volumes)
        {
            output.WriteLine($"  {volume.Result}");
            if (volume.Result.Outcome == VolumeOutcome.Failed)
            {
                continue;
            }

            foreach (var file in volume.Plan.Files)
            {
                // Read back through the volume's links, as the container would see the file.
                var onDisk = File.GetUnixFileMode(Path.Combine(volume.Directory, file.Path));
                output.WriteLine($"    {file.Path}  {file.Size} B  mode {OctalMode.Format((int)onDisk)}  from {file.Source}");
            }
        }
    }
}
