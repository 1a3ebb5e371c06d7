using System.Diagnostics.Metrics;

namespace SecretProjection.Diagnostics;

/// <summary>The library's meter: from the host's <see cref="IMeterFactory"/> when there is one, else one for the process.</summary>
internal static class SecretProjectionMeter
{
    /// <summary>The meter name every instrument of this library is published under.</summary>
    public const string Name = "SecretProjection";

    // Without a factory, every sync, manager and agent shares this one (as a static meter of any library would):
    // a meter and its instruments per pod cost about half a kilobyte each, for nothing a listener could tell apart.
    private static readonly Meter Shared = new(Name);

    /// <summary>The meter to create instruments on; its owner (the factory, or the process) disposes it.</summary>
    public static Meter Get(IMeterFactory? meterFactory) => meterFactory?.Create(new MeterOptions(Name)) ?? Shared;
}
