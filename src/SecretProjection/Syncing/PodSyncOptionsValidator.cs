using Microsoft.Extensions.Options;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Syncing;

/// <summary>Checks <see cref="PodSyncOptions"/>.</summary>
internal sealed class PodSyncOptionsValidator : IValidateOptions<PodSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, PodSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options, string.Empty).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem, each naming its property after <paramref name="prefix"/>.</summary>
    internal static IEnumerable<string> Failures(PodSyncOptions options, string prefix)
    {
        foreach (var failure in ObjectManagerOptionsValidator.Delay(prefix + "SyncPeriod", options.SyncPeriod))
        {
            yield return failure;
        }

        if (options.MinProjectionInterval < TimeSpan.Zero || options.MinProjectionInterval > ObjectManagerOptionsValidator.MaxDelay)
        {
            yield return $"{prefix}MinProjectionInterval must be between zero and {ObjectManagerOptionsValidator.MaxDelay}; it is {options.MinProjectionInterval}.";
        }
    }

    /// <summary>Throws when the options are invalid, for callers outside dependency injection.</summary>
    internal static PodSyncOptions Checked(PodSyncOptions? options)
    {
        options ??= new PodSyncOptions();
        var failures = Failures(options, string.Empty).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(nameof(PodSyncOptions), typeof(PodSyncOptions), failures);
    }
}
