using System.Globalization;

namespace SecretProjection.TestSupport;

/// <summary>
/// The counts of the hardening tests (kill trials, reader updates, fuzz inputs) times
/// <c>SECRETPROJECTION_STRESS</c> (default 1), so a longer run is one variable away:
/// <c>SECRETPROJECTION_STRESS=50 dotnet test ... --filter Hardening</c>.
/// </summary>
internal static class StressScale
{
    public const string Variable = "SECRETPROJECTION_STRESS";

    public static int Factor { get; } =
        int.TryParse(System.Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1;

    public static int Times(int count) => checked(count * Factor);
}
