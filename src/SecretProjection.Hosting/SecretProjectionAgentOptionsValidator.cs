using Microsoft.Extensions.Options;

namespace SecretProjection.Hosting;

/// <summary>Checks <see cref="SecretProjectionAgentOptions"/>.</summary>
internal sealed class SecretProjectionAgentOptionsValidator : IValidateOptions<SecretProjectionAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretProjectionAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.NodeName))
        {
            failures.Add("NodeName must be set: the node whose pods the agent syncs.");
        }

        if (string.IsNullOrWhiteSpace(options.Root))
        {
            failures.Add("Root must be set: the kubelet root directory.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
