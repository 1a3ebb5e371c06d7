using System.Text.Json;

namespace SecretProjection.Tool.Tests;

/// <summary>
/// The runtime settings the tool ships with (its project file), as the built tool carries them in its
/// <c>runtimeconfig.json</c>: what they save is measured in benchmarks/README.md, and a build that drops one would
/// only show there.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static readonly JsonElement ConfigProperties = ReadConfigProperties();

    [Fact]
    public void The_collectors_gen0_budget_is_capped_at_2_MiB() =>
        Assert.Equal(2 * 1024 * 1024, ConfigProperties.GetProperty("System.GC.Gen0MaxBudget").GetInt64());

    [Fact]
    public void Dynamic_PGO_is_off() =>
        Assert.False(ConfigProperties.GetProperty("System.Runtime.TieredPGO").GetBoolean());

    private static JsonElement ReadConfigProperties()
    {
        var path = Path.ChangeExtension(ToolProcess.ToolPath, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
