using System.Text;
using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.Sources;

namespace SecretProjection.Tests.Projection;

/// <summary>Pods, objects and plans for the projection tests.</summary>
internal static class ProjectionFixtures
{
    public const string Namespace = "test";

    public static Secret Secret(string name, params (string Key, string Value)[] data) => new()
    {
        Name = name,
        Namespace = Namespace,
        Data = DataMap.FromStrings(data.Select(d => KeyValuePair.Create(d.Key, d.Value))),
    };

    public static ConfigMap ConfigMap(string name, params (string Key, string Value)[] data) => new()
    {
        Name = name,
        Namespace = Namespace,
        Data = data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
    };

    public static Pod Pod(params Volume[] volumes) => Pod(PodSecurityContext.None, [], volumes);

    public static Pod Pod(PodSecurityContext security, VolumeMount[] mounts, params Volume[] volumes) => new()
    {
        Name = "pod",
        Namespace = Namespace,
        SecurityContext = security,
        Containers = [new Container { Name = "app", VolumeMounts = mounts }],
        Volumes = volumes,
    };

    public static Volume SecretVolume(SecretVolumeSource source, string name = "vol") => new() { Name = name, Secret = source };

    public static Volume ProjectedVolume(ProjectedVolumeSource source, string name = "vol") => new() { Name = name, Projected = source };

    public static KeyToPath Item(string key, string path, int? mode = null, long? user = null) => new() { Key = key, Path = path, Mode = mode, User = user };

    public static VolumePlan PlanOne(Pod pod, params object[] objects) => Plan(pod, objects).Volumes.Single();

    public static PodPlan Plan(Pod pod, params object[] objects) =>
        PodPlanner.Plan(pod, new ObjectSnapshot(objects.OfType<Secret>(), objects.OfType<ConfigMap>()));

    /// <summary>A payload as comparable text: <c>path=data@mode</c>, in path order.</summary>
    public static string[] Describe(VolumePlan plan) =>
        plan.ToPayload().Select(f => $"{f.Key}={Encoding.UTF8.GetString(f.Value.Data.Span)}@{OctalMode.Format(f.Value.Mode)}").ToArray();
}
