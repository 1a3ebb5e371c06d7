using System.Diagnostics.Metrics;

namespace SecretProjection.Diagnostics;

/// <summary>The library's meter: from the host's <see cref="IMeterFactory"/> when there is one, else its own.</summary>
internal static class SecretProjectionMeter
{
    /// <summary>The meter name every instrument of this library is published under.</summary>
    public const string Name = "SecretProjection";

    /// <summary>Creates the meter; the caller disposes it only when <paramref name="owned"/> is true.</summary>
    public static Meter Create(IMeterFactory? meterFactory, out bool owned)
    {
        owned = meterFactory is null;
        return meterFactory?.Create(new MeterOptions(Name)) ?? new Meter(Name);
    }
}
