using SecretProjection.Model;
using SecretProjection.Projection;
using SecretProjection.ServiceAccountTokens;
using SecretProjection.Sources;
using static SecretProjection.Tests.Projection.ProjectionFixtures;

namespace SecretProjection.Tests.Projection;

public partial class PodPlannerTests
{
    private static readonly ServiceAccountTokenProjection ApiToken = new() { Audience = "api", Path = "token", ExpirationSeconds = 3600 };

    private static VolumePlan PlanWithTokens(Pod pod, params (ServiceAccountTokenProjection Source, LookupResult<ServiceAccountToken> Result)[] tokens) =>
        PodPlanner.Plan(pod, new ClusterSnapshot(new ObjectSnapshot([], [])) { ServiceAccountTokens = tokens.ToDictionary(t => t.Source, t => t.Result) }).Volumes.Single();

    private static LookupResult<ServiceAccountToken> Issued(string token) =>
        LookupResult<ServiceAccountToken>.Found(new ServiceAccountToken(new TokenRequestSpec(["api"], 3600, null), token, DateTimeOffset.UnixEpoch.AddHours(1)));

    // projected.go: the token file has the volume's default mode unless the pod has an fsGroup or a single run-as user.
    [Theory]
    [InlineData(null, null, 0x1a4, 0x1a4)]
    [InlineData(null, 1000L, 0x180, 0x180)]
    [InlineData(2000L, null, 0x180, 0x1a0)]
    public void An_issued_token_is_planned_with_the_kubelets_mode_and_owner_for_tokens(long? fsGroup, long? user, int mode, int effective)
    {
        var security = new PodSecurityContext { FsGroup = fsGroup, RunAsUser = user };
        var pod = Pod(security, [], ProjectedVolume(new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = ApiToken }] }));

        var plan = PlanWithTokens(pod, (ApiToken, Issued("header.claims.signature")));

        Assert.True(plan.Succeeded, plan.ErrorMessage);
        var file = Assert.Single(plan.Files);
        Assert.Equal(("token", "header.claims.signature", mode, effective, user), (file.Path, Text(file), file.Mode, file.EffectiveMode, file.User));
        Assert.Equal(new FileSource(ObjectKind.ServiceAccount, "default", "token"), file.Source);
        Assert.False(plan.NeverChanges);
    }

    [Fact]
    public void A_failed_TokenRequest_fails_the_volume_with_the_token_managers_message()
    {
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = ApiToken }] }));

        var plan = PlanWithTokens(pod, (ApiToken, LookupResult<ServiceAccountToken>.Failed("failed to fetch token: serviceaccounts \"default\" not found")));

        var error = Assert.Single(plan.Errors);
        Assert.Equal((PlanError.FailedMountReason, "spec.volumes[0].projected.sources[0].serviceAccountToken", "failed to fetch token: serviceaccounts \"default\" not found"), (error.Reason, error.Field, error.Message));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void A_token_source_the_snapshot_has_no_answer_for_still_needs_a_cluster()
    {
        var other = ApiToken with { Path = "other" };
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = ApiToken }, new VolumeProjection { ServiceAccountToken = other }] }));

        var plan = PlanWithTokens(pod, (ApiToken, Issued("t")));

        var error = Assert.Single(plan.Errors);
        Assert.Equal((PlanError.NeedsClusterReason, "spec.volumes[0].projected.sources[1].serviceAccountToken"), (error.Reason, error.Field));
    }

    [Fact]
    public void A_planned_token_never_shows_in_the_plans_text()
    {
        var pod = Pod(ProjectedVolume(new ProjectedVolumeSource { Sources = [new VolumeProjection { ServiceAccountToken = ApiToken }] }));

        var plan = PlanWithTokens(pod, (ApiToken, Issued("s3cr3t-token")));

        Assert.DoesNotContain("s3cr3t-token", plan.Files.Single().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", Issued("s3cr3t-token").ToString(), StringComparison.Ordinal);
    }
}
