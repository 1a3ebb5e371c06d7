using SecretProjection.ObjectManagers;

namespace SecretProjection.Tests.ObjectManagers;

public class ObjectManagerOptionsValidatorTests
{
    private static readonly ObjectManagerOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_the_kubelets_and_valid()
    {
        var options = new ObjectManagerOptions();

        Assert.Equal(
            (ChangeDetectionStrategy.Watch, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)),
            (options.Strategy, options.Ttl, options.SyncTimeout, options.BackoffInitial, options.BackoffMax, options.BackoffReset));
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_zero_ttl_is_valid_as_upstreams()
    {
        Assert.True(Validator.Validate(null, new ObjectManagerOptions { Ttl = TimeSpan.Zero }).Succeeded);
    }

    [Theory]
    [InlineData("Strategy", "Strategy must be Watch, Cache or Get; it is 7.")]
    [InlineData("BackoffReset", "BackoffReset must be positive; it is -00:00:01.")]
    [InlineData("BackoffMax", "BackoffMax must be at most 49.17:02:47.2940000; it is 60.00:00:00.")]
    public void Each_invalid_setting_is_named(string property, string message)
    {
        var options = new ObjectManagerOptions();
        switch (property)
        {
            case "Strategy": options.Strategy = (ChangeDetectionStrategy)7; break;
            case "BackoffReset": options.BackoffReset = TimeSpan.FromSeconds(-1); break;
            default: options.BackoffMax = TimeSpan.FromDays(60); break;
        }

        var result = Validator.Validate(null, options);

        Assert.Equal([message], result.Failures);
    }
}
