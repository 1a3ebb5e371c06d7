namespace SecretProjection.Projection;

/// <summary>Why a volume cannot be set up, in the words of the component that would refuse it.</summary>
public sealed record PlanError
{
    /// <summary>Initializes a new instance of the <see cref="PlanError"/> record.</summary>
    /// <param name="reason"><see cref="InvalidReason"/> when the API server would reject the pod (or a Secret or ConfigMap it reads, which it
    /// would never hand a kubelet), <see cref="FailedMountReason"/> when the kubelet would fail to set the volume up,
    /// <see cref="NeedsClusterReason"/> when only a cluster could.</param>
    /// <param name="message">The message, without secret values: <c>secret "x" not found</c>.</param>
    /// <param name="field">The field path of the pod spec at fault, when one is.</param>
    public PlanError(string reason, string message, string? field = null)
    {
        Reason = reason;
        Message = message;
        Field = field;
    }

    /// <summary><see cref="InvalidReason"/> when the API server would reject the pod (or a Secret or ConfigMap it reads, which it
    /// would never hand a kubelet), <see cref="FailedMountReason"/> when the kubelet would fail to set the volume up,
    /// <see cref="NeedsClusterReason"/> when only a cluster could.</summary>
    public string Reason { get; }

    /// <summary>The message, without secret values: <c>secret "x" not found</c>.</summary>
    public string Message { get; }

    /// <summary>The field path of the pod spec at fault, when one is.</summary>
    public string? Field { get; }

    /// <summary>The API server would reject the pod, or an object a volume reads.</summary>
    public const string InvalidReason = "Invalid";

    /// <summary>The kubelet's event reason when a volume cannot be set up.</summary>
    public const string FailedMountReason = "FailedMount";

    /// <summary>
    /// The volume needs what only a cluster has: a token from the API server, the cluster's ClusterTrustBundles, or
    /// a field only a node knows. The kubelet would set it up; without a cluster it is not set up at all.
    /// </summary>
    public const string NeedsClusterReason = "NeedsCluster";

    /// <summary><c>field: message</c>, or the message alone.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Field is null ? Message : Field + ": " + Message;
}
