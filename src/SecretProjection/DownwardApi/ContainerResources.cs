using System.Globalization;
using SecretProjection.Model;
using SecretProjection.Resources;

namespace SecretProjection.DownwardApi;

/// <summary>
/// <c>pkg/api/v1/resource/helpers.go</c>: a container's resource request or limit as the Downward API gives it,
/// divided by the divisor and rounded up, with unset limits taken from the node's allocatable.
/// </summary>
internal static class ContainerResources
{
    /// <summary>The resources whose unset limit reads as the node's allocatable (hugepages are never overcommitted).</summary>
    public static readonly IReadOnlyList<string> DefaultedLimits = ["cpu", "memory", "ephemeral-storage"];

    private const string HugePagesPrefix = "hugepages-";

    /// <summary><c>ExtractResourceValueByContainerName</c>: the value for a container found by name, regular containers first, then init containers.</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="containerName">The container name.</param>
    /// <returns>The value or the error.</returns>
    public static DownwardValue ExtractByContainerName(ResourceFieldSelector selector, Pod pod, string containerName) =>
        Find(pod, containerName) is { } container ? Extract(selector, container) : DownwardValue.Failed(ContainerNotFound(containerName));

    /// <summary>
    /// <c>ExtractResourceValueByContainerNameAndNodeAllocatable</c>: as <see cref="ExtractByContainerName"/>, with the
    /// container's unset or zero cpu, memory and ephemeral-storage limits taken from the node's allocatable.
    /// </summary>
    /// <param name="selector">The selector.</param>
    /// <param name="pod">The pod.</param>
    /// <param name="containerName">The container name.</param>
    /// <param name="allocatable">The node's allocatable.</param>
    /// <returns>The value or the error.</returns>
    public static DownwardValue ExtractByContainerNameAndNodeAllocatable(
        ResourceFieldSelector selector, Pod pod, string containerName, IReadOnlyDictionary<string, string> allocatable)
    {
        if (Find(pod, containerName) is not { } container)
        {
            return DownwardValue.Failed(ContainerNotFound(containerName));
        }

        return MergeLimits(container, allocatable, out var merged) is { } error ? DownwardValue.Failed(error) : Extract(selector, merged);
    }

    /// <summary><c>ExtractContainerResourceValue</c>: the value for a known container.</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="container">The container.</param>
    /// <returns>The value or the error.</returns>
    public static DownwardValue Extract(ResourceFieldSelector selector, Container container)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(container);

        // An unset divisor, and a zero one, divide by 1.
        var divisor = Quantity.One;
        if (selector.Divisor is { } divisorText)
        {
            if (!Quantity.TryParse(divisorText, out var parsed, out var error))
            {
                return DownwardValue.Failed(CannotParse(divisorText, error));
            }

            if (!parsed.IsZero)
            {
                divisor = parsed;
            }
        }

        var resources = container.Resources;
        var (list, name) = selector.Resource switch
        {
            "limits.cpu" => (resources.Limits, "cpu"),
            "limits.memory" => (resources.Limits, "memory"),
            "limits.ephemeral-storage" => (resources.Limits, "ephemeral-storage"),
            "requests.cpu" => (resources.Requests, "cpu"),
            "requests.memory" => (resources.Requests, "memory"),
            "requests.ephemeral-storage" => (resources.Requests, "ephemeral-storage"),
            _ when HugePages(selector.Resource, "requests.") is { } hugePages => (resources.Requests, hugePages),
            _ when HugePages(selector.Resource, "limits.") is { } hugePages => (resources.Limits, hugePages),
            _ => (null, string.Empty),
        };
        if (list is null)
        {
            return DownwardValue.Failed("unsupported container resource : " + selector.Resource);
        }

        if (!TryGet(list, name, out var quantity, out var quantityError))
        {
            return DownwardValue.Failed(quantityError);
        }

        // Go divides in float64 and rounds up: CPU in millicores, everything else in units.
        var value = name == "cpu"
            ? Math.Ceiling((double)quantity.MilliValue / divisor.MilliValue)
            : Math.Ceiling((double)quantity.Value / divisor.Value);
        return DownwardValue.Of(GoMath.ToInt64(value).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// <c>MergeContainerResourceLimits</c>: the container with each unset or zero cpu, memory and ephemeral-storage
    /// limit set to the allocatable quantity, where the node has one.
    /// </summary>
    /// <param name="container">The container.</param>
    /// <param name="allocatable">The node's allocatable.</param>
    /// <param name="merged">The container with the limits merged.</param>
    /// <returns>An error when a limit is not a quantity.</returns>
    public static string? MergeLimits(Container container, IReadOnlyDictionary<string, string> allocatable, out Container merged)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(allocatable);
        merged = container;
        Dictionary<string, string>? limits = null;
        foreach (var resource in DefaultedLimits)
        {
            if (!IsUnset(container.Resources.Limits, resource, out var error))
            {
                if (error is not null)
                {
                    return error;
                }

                continue;
            }

            if (allocatable.TryGetValue(resource, out var capacity))
            {
                limits ??= new Dictionary<string, string>(container.Resources.Limits, StringComparer.Ordinal);
                limits[resource] = capacity;
            }
        }

        if (limits is not null)
        {
            merged = container with { Resources = container.Resources with { Limits = limits.AsReadOnly() } };
        }

        return null;
    }

    /// <summary>Whether a limit is absent or zero, and so reads as the node's allocatable.</summary>
    /// <param name="limits">The limits.</param>
    /// <param name="resource">The resource name.</param>
    /// <param name="error">The error when the limit is not a quantity.</param>
    /// <returns>Whether the limit is unset.</returns>
    public static bool IsUnset(IReadOnlyDictionary<string, string> limits, string resource, out string? error)
    {
        error = null;
        if (!limits.TryGetValue(resource, out var text))
        {
            return true;
        }

        if (!Quantity.TryParse(text, out var quantity, out var parseError))
        {
            error = CannotParse(text, parseError);
            return false;
        }

        return quantity.IsZero;
    }

    /// <summary><c>findContainerInPod</c>: a regular container, else an init container, by name.</summary>
    /// <param name="pod">The pod.</param>
    /// <param name="name">The name.</param>
    /// <returns>The container, or <see langword="null"/>.</returns>
    public static Container? Find(Pod pod, string name)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Containers.FirstOrDefault(c => c.Name == name) ?? pod.InitContainers.FirstOrDefault(c => c.Name == name);
    }

    private static string ContainerNotFound(string name) => $"container {name} not found";

    private static string CannotParse(string text, string error) => $"cannot parse '{text}': {error}";

    private static string? HugePages(string resource, string prefix) =>
        resource.StartsWith(prefix, StringComparison.Ordinal) && resource.AsSpan(prefix.Length).StartsWith(HugePagesPrefix, StringComparison.Ordinal)
            ? resource[prefix.Length..]
            : null;

    // ResourceList.Name(): an absent resource reads as zero.
    private static bool TryGet(IReadOnlyDictionary<string, string> list, string name, out Quantity quantity, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        error = null;
        quantity = Quantity.Zero;
        if (!list.TryGetValue(name, out var text))
        {
            return true;
        }

        if (Quantity.TryParse(text, out var parsed, out var parseError))
        {
            quantity = parsed;
            return true;
        }

        error = CannotParse(text, parseError);
        return false;
    }
}
