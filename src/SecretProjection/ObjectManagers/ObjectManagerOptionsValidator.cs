using Microsoft.Extensions.Options;

namespace SecretProjection.ObjectManagers;

/// <summary>Checks <see cref="ObjectManagerOptions"/>.</summary>
internal sealed class ObjectManagerOptionsValidator : IValidateOptions<ObjectManagerOptions>
{
    /// <summary>The longest wait a timer takes (about 49.7 days); longer settings are refused.</summary>
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, ObjectManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options, prefix: string.Empty).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem, each naming its property after <paramref name="prefix"/>.</summary>
    internal static IEnumerable<string> Failures(ObjectManagerOptions options, string prefix)
    {
        if (!Enum.IsDefined(options.Strategy))
        {
            yield return $"{prefix}Strategy must be Watch, Cache or Get; it is {(int)options.Strategy}.";
        }

        if (options.Ttl < TimeSpan.Zero)
        {
            yield return $"{prefix}Ttl must not be negative; it is {options.Ttl}.";
        }

        foreach (var failure in Delay(prefix + "SyncTimeout", options.SyncTimeout)
            .Concat(Delay(prefix + "BackoffInitial", options.BackoffInitial))
            .Concat(Delay(prefix + "BackoffMax", options.BackoffMax))
            .Concat(Delay(prefix + "BackoffReset", options.BackoffReset)))
        {
            yield return failure;
        }

        if (options.BackoffMax < options.BackoffInitial)
        {
            yield return $"{prefix}BackoffMax ({options.BackoffMax}) must not be less than {prefix}BackoffInitial ({options.BackoffInitial}).";
        }
    }

    /// <summary>A wait that must be positive and fit a timer.</summary>
    internal static IEnumerable<string> Delay(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            yield return $"{name} must be positive; it is {value}.";
        }
        else if (value > MaxDelay)
        {
            yield return $"{name} must be at most {MaxDelay}; it is {value}.";
        }
    }

    /// <summary>Throws when the options are invalid, for callers outside dependency injection.</summary>
    internal static ObjectManagerOptions Checked(ObjectManagerOptions? options)
    {
        options ??= new ObjectManagerOptions();
        var failures = Failures(options, string.Empty).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(nameof(ObjectManagerOptions), typeof(ObjectManagerOptions), failures);
    }
}
