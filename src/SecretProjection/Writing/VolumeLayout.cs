using System.Globalization;

namespace SecretProjection.Writing;

/// <summary>The writer's reserved names in a volume directory (all start with <c>..</c>).</summary>
public static class VolumeLayout
{
    /// <summary>The link readers go through: <c>..data -> ..&lt;timestamp&gt;</c>.</summary>
    public const string DataDirectory = "..data";

    /// <summary>The link that is renamed over <see cref="DataDirectory"/> to publish a generation.</summary>
    public const string NewDataDirectory = "..data_tmp";

    /// <summary>A link made beside a visible name that is not the writer's link, then renamed over it.</summary>
    internal const string NewVisibleLink = "..link_tmp";

    /// <summary>Where a name that blocks the layout (a <c>..data</c> or visible name that is a directory) is moved before it is removed.</summary>
    internal const string MovedAway = "..moved_away";

    /// <summary>The mode of a timestamped directory and its subdirectories: others must be able to traverse.</summary>
    public const int DirectoryMode = 0x1ED; // 0755

    /// <summary>Whether a name is reserved for the writer.</summary>
    /// <param name="name">A name in the volume directory.</param>
    /// <returns><see langword="true"/> when it starts with <c>..</c>.</returns>
    public static bool IsReserved(string name) => name.StartsWith("..", StringComparison.Ordinal);

    /// <summary>
    /// A timestamped directory name as upstream's <c>os.MkdirTemp(dir, "..2006_01_02_15_04_05.")</c> makes it:
    /// the UTC time, a dot, and a random unsigned 32-bit number in decimal.
    /// </summary>
    /// <param name="utcNow">The time.</param>
    /// <param name="random">The random suffix.</param>
    /// <returns>E.g. <c>..2026_11_25_10_00_00.123456789</c>.</returns>
    public static string TimestampDirectoryName(DateTimeOffset utcNow, uint random)
    {
        var time = utcNow.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"..{time.Year:D4}_{time.Month:D2}_{time.Day:D2}_{time.Hour:D2}_{time.Minute:D2}_{time.Second:D2}.{random}");
    }

    /// <summary>The link target of the user-visible name <paramref name="topLevelName"/>.</summary>
    /// <param name="topLevelName">The first element of a payload path.</param>
    /// <returns><c>..data/name</c>.</returns>
    public static string VisibleLinkTarget(string topLevelName) => DataDirectory + "/" + topLevelName;
}
