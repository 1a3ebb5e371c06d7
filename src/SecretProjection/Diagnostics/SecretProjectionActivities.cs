using System.Diagnostics;

namespace SecretProjection.Diagnostics;

/// <summary>
/// The library's <see cref="ActivitySource"/> (named like the meter, <c>SecretProjection</c>) and its span names:
/// <c>secretprojection.object.change</c>, a watched object's change as a manager receives it, and
/// <c>secretprojection.volume.project</c>, one volume planned and written, linked to the changes that caused it.
/// </summary>
internal static class SecretProjectionActivities
{
    /// <summary>A watched Secret or ConfigMap changed (an event of its watch, or a relist that found it different).</summary>
    public const string ObjectChange = "secretprojection.object.change";

    /// <summary>One volume planned and written by a pod sync.</summary>
    public const string VolumeProjection = "secretprojection.volume.project";

    /// <summary>The source; a span costs nothing while no listener samples it.</summary>
    public static ActivitySource Source { get; } = new(SecretProjectionMeter.Name, typeof(SecretProjectionActivities).Assembly.GetName().Version?.ToString());
}
