using System.Text;
using SecretProjection.Model;
using SecretProjection.Text;
using SecretProjection.Writing;

namespace SecretProjection.DownwardApi;

/// <summary>
/// The downwardAPI volume plugin's <c>CollectData</c> (<c>pkg/volume/downwardapi/downwardapi.go</c>), which the
/// projected plugin also calls for its <c>downwardAPI</c> sources.
/// </summary>
internal static class DownwardApiPayload
{
    /// <summary>
    /// One file per item at its clean path, with the item's mode or the default: a <c>fieldRef</c> reads the pod's
    /// metadata, a <c>resourceFieldRef</c> the named container's resources with unset limits taken from the node's
    /// allocatable. A later item at the same path wins.
    /// </summary>
    /// <param name="items">The items.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="defaultMode">The mode of an item without one (the volume's <c>defaultMode</c>, 0644 by default).</param>
    /// <param name="nodeAllocatable">The node's allocatable, or <see langword="null"/> when no node is known.</param>
    /// <returns>The files, and the errors and node-only fields that kept any from being known.</returns>
    public static DownwardPayload Collect(
        IReadOnlyList<DownwardApiVolumeFile> items, Pod pod, int defaultMode, IReadOnlyDictionary<string, string>? nodeAllocatable)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(pod);
        var files = new Dictionary<string, PayloadFile>(StringComparer.Ordinal);
        var errors = new List<string>();
        var nodeOnly = new List<string>();
        var metadata = ObjectMetadata.Of(pod);
        foreach (var item in items)
        {
            var path = GoPath.Clean(item.Path);
            var value = Value(item, pod, metadata, nodeAllocatable);

            if (value.Error is { } error)
            {
                errors.Add(error);
            }
            else if (value.NodeOnly is { } field)
            {
                nodeOnly.Add(field);
            }

            // Upstream maps the path even when the value failed; a failed value fails the whole volume.
            files.Remove(path);
            if (value.Value is { } text)
            {
                files[path] = new PayloadFile(Encoding.UTF8.GetBytes(text), item.Mode ?? defaultMode);
            }
        }

        return new DownwardPayload(files, errors, nodeOnly);
    }

    /// <summary>The value of one item: a metadata field, or a container resource.</summary>
    /// <param name="item">The item.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="metadata">The pod's metadata.</param>
    /// <param name="nodeAllocatable">The node's allocatable, or <see langword="null"/> when no node is known.</param>
    /// <returns>The value, the kubelet's error, or the field only a node knows.</returns>
    public static DownwardValue Value(DownwardApiVolumeFile item, Pod pod, ObjectMetadata metadata, IReadOnlyDictionary<string, string>? nodeAllocatable)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item switch
        {
            { FieldRef: { } field } => FieldPaths.Extract(metadata, field.FieldPath),
            { ResourceFieldRef: { } resource } => Resource(resource, pod, nodeAllocatable),
            _ => DownwardValue.Of(string.Empty),
        };
    }

    private static DownwardValue Resource(ResourceFieldSelector selector, Pod pod, IReadOnlyDictionary<string, string>? allocatable)
    {
        if (allocatable is not null)
        {
            return ContainerResources.ExtractByContainerNameAndNodeAllocatable(selector, pod, selector.ContainerName, allocatable);
        }

        // Without a node, an unset limit has no value here; a set one, and every request, still do.
        if (ContainerResources.Find(pod, selector.ContainerName) is { } container
            && selector.Resource.StartsWith("limits.", StringComparison.Ordinal)
            && ContainerResources.DefaultedLimits.Contains(selector.Resource["limits.".Length..])
            && ContainerResources.IsUnset(container.Resources.Limits, selector.Resource["limits.".Length..], out var error) && error is null)
        {
            return DownwardValue.KnownOnNode($"{selector.Resource} of container {selector.ContainerName} (the node's allocatable)");
        }

        return ContainerResources.ExtractByContainerName(selector, pod, selector.ContainerName);
    }
}
