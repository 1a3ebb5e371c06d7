using SecretProjection.Syncing;

namespace SecretProjection.Tests.Syncing;

public class PodSyncOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_the_kubelets_sync_frequency_and_a_one_second_interval()
    {
        var options = new PodSyncOptions();

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)), (options.SyncPeriod, options.MinProjectionInterval));
        Assert.True(new PodSyncOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Invalid_settings_are_each_named()
    {
        var options = new PodSyncOptions { SyncPeriod = TimeSpan.Zero, MinProjectionInterval = TimeSpan.FromSeconds(-1) };

        var result = new PodSyncOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "SyncPeriod must be positive; it is 00:00:00.",
                "MinProjectionInterval must be between zero and 49.17:02:47.2940000; it is -00:00:01.",
            ],
            result.Failures);
    }
}
