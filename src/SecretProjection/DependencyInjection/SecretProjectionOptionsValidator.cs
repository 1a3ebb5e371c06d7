using Microsoft.Extensions.Options;
using SecretProjection.ObjectManagers;
using SecretProjection.Syncing;

namespace SecretProjection.DependencyInjection;

/// <summary>Checks <see cref="SecretProjectionOptions"/>; each failure names its property path (<c>Objects.Ttl</c>).</summary>
internal sealed class SecretProjectionOptionsValidator : IValidateOptions<SecretProjectionOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretProjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Objects is null)
        {
            failures.Add("Objects must not be null.");
        }
        else
        {
            failures.AddRange(ObjectManagerOptionsValidator.Failures(options.Objects, "Objects."));
        }

        if (options.Sync is null)
        {
            failures.Add("Sync must not be null.");
        }
        else
        {
            failures.AddRange(PodSyncOptionsValidator.Failures(options.Sync, "Sync."));
        }

        if (options.Planning is null)
        {
            failures.Add("Planning must not be null.");
        }

        if (options.Environment is null)
        {
            failures.Add("Environment must not be null.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
