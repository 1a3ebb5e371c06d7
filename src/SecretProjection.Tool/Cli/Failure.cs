using System.Text.Json;
using SecretProjection.Projection;
using SecretProjection.Text;

namespace SecretProjection.Tool.Cli;

/// <summary>
/// Why something failed, as every verb's JSON prints it: <c>"error": null</c>, or
/// <c>"error": {"reason": "FailedMount", "message": "secret \"db\" not found"}</c>.
/// </summary>
/// <param name="Reason">The reason, as the component that would refuse it names it: <c>FailedMount</c>, <c>Invalid</c>, …</param>
/// <param name="Message">The message, never a value.</param>
internal sealed record Failure(string Reason, string Message)
{
    /// <summary>The kubelet's reason for a volume it cannot set up.</summary>
    public const string FailedMount = PlanError.FailedMountReason;

    /// <summary>
    /// Why a planned volume cannot be set up: the first error's reason, and the kubelet's message, where an error the
    /// API server would return keeps its field path (<c>spec.volumes[0].secret.secretName: Required value</c>).
    /// </summary>
    public static Failure? Of(VolumePlan volume) => Of(volume.Errors);

    /// <summary>The same, for some of a volume's errors.</summary>
    public static Failure? Of(IReadOnlyList<PlanError> errors) => errors.Count == 0
        ? null
        : new(errors[0].Reason, GoErrors.Aggregate([.. errors.Select(e => e.Reason == PlanError.InvalidReason ? e.ToString() : e.Message)])!);

    /// <summary>Writes <c>"error"</c>: null, or the reason and message, then the fields <paramref name="more"/> adds.</summary>
    public static void Write(Utf8JsonWriter json, Failure? failure, Action<Utf8JsonWriter>? more = null)
    {
        if (failure is null)
        {
            json.WriteNull("error");
            return;
        }

        json.WriteStartObject("error");
        json.WriteString("reason", failure.Reason);
        json.WriteString("message", failure.Message);
        more?.Invoke(json);
        json.WriteEndObject();
    }

    /// <summary><c>reason: message</c>, for people.</summary>
    public override string ToString() => Reason + ": " + Message;
}
