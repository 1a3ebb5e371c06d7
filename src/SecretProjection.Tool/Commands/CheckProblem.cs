namespace SecretProjection.Tool.Commands;

/// <summary>
/// One thing <c>check</c> found in a pod or workload: an <c>error</c> that keeps the pod from starting, a
/// <c>warning</c>, or a note (<see cref="Severity"/> <c>null</c>) on what this tool could not check or reports on its own.
/// </summary>
/// <param name="Severity"><c>error</c>, <c>warning</c>, or <see langword="null"/> for a note.</param>
/// <param name="Reason">The reason, as the component that would report it names it: <c>CreateContainerConfigError</c>, <c>FailedMount</c>, …</param>
/// <param name="Container">The container it is about, or <see langword="null"/>.</param>
/// <param name="Volume">The volume it is about, or <see langword="null"/>.</param>
/// <param name="Message">The message, never a value.</param>
/// <param name="From">Who would report it: <c>kubelet</c>, <c>apiserver</c>, or <c>secretprojection</c> (this tool, not a kubelet).</param>
/// <param name="Field">The field of the workload at fault, when one is known.</param>
internal sealed record CheckProblem(string? Severity, string Reason, string? Container, string? Volume, string Message, string From, string? Field)
{
    public const string Error = "error";

    public const string Warning = "warning";

    public bool IsNote => Severity is null;
}
