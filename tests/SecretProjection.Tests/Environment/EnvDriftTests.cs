using System.Text;
using FsCheck.Xunit;
using SecretProjection.Environment;
using SecretProjection.Model;
using static SecretProjection.Tests.Environment.EnvFixtures;

namespace SecretProjection.Tests.Environment;

public class EnvDriftTests
{
    private static readonly Pod Pod = PodWith(Container([FromSecret("api")], [SecretKey("DB_PASSWORD", "db", "password"), Literal("URL", "u:$(DB_PASSWORD)")]));

    [Fact]
    public void Nothing_changed_means_no_restart()
    {
        var atStart = Resolve(Secret("db", ("password", "v1")), Secret("api", ("TOKEN", "t")));
        var now = Resolve(Secret("db", ("password", "v1")), Secret("api", ("TOKEN", "t")));

        var drift = EnvDrift.Compare(atStart, now);

        Assert.False(drift.RestartRequired);
        Assert.Empty(drift.Changes);
        Assert.Null(drift.RestartError);
    }

    [Fact]
    public void A_rotated_secret_changes_its_variable_and_those_expanded_from_it()
    {
        var atStart = Resolve(Secret("db", ("password", "v1")), Secret("api", ("TOKEN", "t"), ("OLD", "o")));
        var now = Resolve(Secret("db", ("password", "v2")), Secret("api", ("TOKEN", "t"), ("NEW", "n")));

        var drift = EnvDrift.Compare(atStart, now);

        Assert.True(drift.RestartRequired);
        Assert.Equal(
            [
                new EnvChange("NEW", EnvChangeKind.Added), new EnvChange("DB_PASSWORD", EnvChangeKind.Changed),
                new EnvChange("URL", EnvChangeKind.Changed), new EnvChange("OLD", EnvChangeKind.Removed),
            ],
            drift.Changes);
    }

    [Fact]
    public void A_restart_that_could_not_start_reports_why_instead_of_changes()
    {
        var atStart = Resolve(Secret("db", ("password", "v1")), Secret("api"));
        var now = Resolve(Secret("api"));

        var drift = EnvDrift.Compare(atStart, now);

        Assert.Equal("secret \"db\" not found", drift.RestartError?.Message);
        Assert.Empty(drift.Changes);
        Assert.False(drift.RestartRequired);
    }

    [Fact]
    public void Pods_are_compared_container_by_container()
    {
        var pod = Pod with { InitContainers = [Container(env: [SecretKey("P", "db", "password")]) with { Name = "init" }] };
        var atStart = EnvResolver.ResolvePod(pod, Objects(Secret("db", ("password", "v1")), Secret("api")));
        var now = EnvResolver.ResolvePod(pod with { EphemeralContainers = [Container(env: [Literal("X", "x")]) with { Name = "debug" }] }, Objects(Secret("db", ("password", "v1")), Secret("api")));

        var drift = EnvDrift.Compare(atStart, now);

        Assert.Equal(["init", "c", "debug"], drift.Select(d => d.ContainerName));
        Assert.Equal([false, false, true], drift.Select(d => d.RestartRequired));
        Assert.Equal(new EnvChange("X", EnvChangeKind.Added), Assert.Single(drift[2].Changes));
    }

    [Property]
    public bool Only_a_changed_value_is_reported(string? before, string? after)
    {
        var atStart = Resolve(Secret("db", ("password", before ?? string.Empty)), Secret("api"));
        var now = Resolve(Secret("db", ("password", after ?? string.Empty)), Secret("api"));

        var changes = EnvDrift.Compare(atStart, now).Changes;

        // Secrets hold UTF-8: strings with lone surrogates that encode alike are alike.
        return RoundTrip(before) == RoundTrip(after)
            ? changes.Count == 0
            : changes.SequenceEqual([new EnvChange("DB_PASSWORD", EnvChangeKind.Changed), new EnvChange("URL", EnvChangeKind.Changed)]);
    }

    private static string RoundTrip(string? value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value ?? string.Empty));

    private static ContainerEnvironment Resolve(params object[] objects) => EnvResolver.Resolve(Pod, Pod.Containers[0], Objects(objects));
}
