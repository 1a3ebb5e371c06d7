using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Syncing;

namespace SecretProjection.Tests.Syncing;

public class VolumeRateLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ObjectReference A = new(ObjectKind.Secret, "ns", "a");
    private static readonly ObjectReference B = new(ObjectKind.ConfigMap, "ns", "b");

    [Fact]
    public void A_volume_never_projected_is_due_at_once()
    {
        var limiter = new VolumeRateLimiter(TimeSpan.FromSeconds(1));

        limiter.Request("v", A, T0);

        Assert.Equal(T0, limiter.NextDue);
        Assert.Equal([A], limiter.TakeDue(T0)["v"]);
        Assert.Null(limiter.NextDue);
    }

    [Fact]
    public void A_change_within_the_interval_is_due_at_its_end_and_later_changes_join_it()
    {
        var limiter = new VolumeRateLimiter(TimeSpan.FromSeconds(1));
        limiter.Projected("v", T0, failed: false);

        limiter.Request("v", A, T0.AddMilliseconds(100));
        limiter.Request("v", B, T0.AddMilliseconds(900));
        limiter.Request("v", A, T0.AddMilliseconds(950));

        Assert.Equal(T0.AddSeconds(1), limiter.NextDue);
        Assert.Empty(limiter.TakeDue(T0.AddMilliseconds(999)));
        Assert.Equal([B, A], limiter.TakeDue(T0.AddSeconds(1))["v"]);
    }

    [Fact]
    public void Volumes_are_limited_independently_and_take_all_empties_the_queue()
    {
        var limiter = new VolumeRateLimiter(TimeSpan.FromSeconds(10));
        limiter.Projected("busy", T0, failed: false);
        limiter.Request("busy", A, T0.AddSeconds(1));
        limiter.Request("idle", A, T0.AddSeconds(1));

        Assert.Equal(["idle"], limiter.TakeDue(T0.AddSeconds(1)).Keys);
        Assert.Equal(["busy"], limiter.TakeAll().Keys);
        Assert.Null(limiter.NextDue);
    }

    [Fact]
    public void Failures_are_retried_as_the_kubelet_retries_a_failed_mount()
    {
        var limiter = new VolumeRateLimiter(TimeSpan.FromSeconds(1));
        var now = T0;
        var delays = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            limiter.Projected("v", now, failed: true);
            var due = limiter.NextDue!.Value;
            delays.Add((due - now).TotalSeconds);
            Assert.Empty(limiter.TakeDue(due)["v"]);
            now = due;
        }

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 32, 64, 122, 122, 122], delays);
        limiter.Projected("v", now, failed: false);
        Assert.Null(limiter.NextDue);
        limiter.Projected("v", now, failed: true);
        Assert.Equal(now.AddSeconds(0.5), limiter.NextDue);
    }

    [Fact]
    public void A_change_is_not_held_back_by_a_later_retry()
    {
        var limiter = new VolumeRateLimiter(TimeSpan.FromSeconds(1));
        var now = T0;
        for (var i = 0; i < 5; i++)
        {
            limiter.Projected("v", now, failed: true);
            now = limiter.NextDue!.Value;
            limiter.TakeDue(now);
        }

        limiter.Projected("v", now, failed: true);
        Assert.Equal(now.AddSeconds(16), limiter.NextDue);

        limiter.Request("v", A, now.AddSeconds(2));

        Assert.Equal(now.AddSeconds(2), limiter.NextDue);
        Assert.Equal([A], limiter.TakeDue(now.AddSeconds(2))["v"]);
    }
}
