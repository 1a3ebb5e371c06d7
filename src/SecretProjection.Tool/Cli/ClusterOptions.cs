using System.CommandLine;
using k8s.Exceptions;
using SecretProjection.Kubernetes.Sources;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// How a verb finds its cluster, as kubectl does (<see cref="KubernetesSources.FromDefaultConfig"/>):
/// <c>--kubeconfig</c>, else the files of <c>$KUBECONFIG</c> merged, else <c>~/.kube/config</c>, else the pod's
/// service account in a cluster; <c>--context</c> picks a context other than the current one.
/// </summary>
internal sealed class ClusterOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "The kubeconfig file. Default, as kubectl: the files of $KUBECONFIG (merged), else ~/.kube/config, else the pod's service account when running in a cluster.",
        HelpName = "path",
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use; default: its current-context.",
        HelpName = "name",
    };

    /// <summary>The <c>-n</c> of a verb that reads from the cluster.</summary>
    public static Option<string?> CreateNamespaceOption(string description) => new("--namespace", "-n") { Description = description };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    public ClusterSettings Read(ParseResult result) =>
        new(string.IsNullOrEmpty(result.GetValue(Kubeconfig)) ? null : result.GetValue(Kubeconfig), result.GetValue(Context));

    /// <summary>Opens the sources; a kubeconfig that cannot be used, or no cluster at all, is bad input (exit 2).</summary>
    /// <exception cref="InputException">The configuration cannot be used.</exception>
    public static KubernetesSources Open(Func<KubernetesSources> open, ClusterSettings settings)
    {
        try
        {
            return open();
        }
        catch (KubeConfigException e)
        {
            var message = settings.Kubeconfig is { } path && !e.Message.StartsWith("kubeconfig ", StringComparison.Ordinal) ? $"kubeconfig {path}: {e.Message}" : e.Message;
            throw new InputException(message, e);
        }
    }
}

/// <summary>The <c>--kubeconfig</c> and <c>--context</c> given, each null when not.</summary>
internal sealed record ClusterSettings(string? Kubeconfig, string? Context);
