using System.Globalization;
using System.Text.Json;
using SecretProjection.Environment;
using SecretProjection.Syncing;
using SecretProjection.Tool.Cli;

namespace SecretProjection.Tool.Commands;

/// <summary>
/// Prints what <c>sync</c> does, one line per change: for people, or with <c>-o json</c> one JSON object per line
/// (JSON Lines). A volume written or failed, and environment drift, are always printed; a volume found unchanged
/// only at the start and when it follows a failure of that volume (it works again), so the periodic sync is quiet.
/// Never a value: names, generations and the planner's, writer's and API server's messages.
/// </summary>
internal sealed class SyncEventWriter
{
    private readonly TextWriter _output;
    private readonly OutputFormat _format;
    private readonly Func<string, string> _pathOf;
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <param name="output">Where the lines go.</param>
    /// <param name="format">Lines for people, JSON Lines, or one YAML document per event.</param>
    /// <param name="pathOf">The directory of a volume, by name.</param>
    public SyncEventWriter(TextWriter output, OutputFormat format, Func<string, string> pathOf)
    {
        // Lines for people escape control characters as the other verbs' text does (a volume name or a message
        // may hold a newline or a terminal escape); JSON escapes them itself.
        _output = format == OutputFormat.Table ? new PrintableWriter(output) : output;
        _format = format;
        _pathOf = pathOf;
    }

    /// <summary>Prints the event if it is one people are told about.</summary>
    /// <returns>Whether it was printed.</returns>
    public bool Write(SyncEvent syncEvent)
    {
        if (!ShouldPrint(syncEvent))
        {
            return false;
        }

        if (_format != OutputFormat.Table)
        {
            WriteJson(syncEvent);
        }
        else
        {
            WriteText(syncEvent);
        }

        return true;
    }

    private bool ShouldPrint(SyncEvent e)
    {
        if (e.Volume is not { } volume)
        {
            return true; // drift
        }

        if (e.Kind == SyncEventKind.VolumeFailed)
        {
            _failing.Add(volume);
            return true;
        }

        var recovered = _failing.Remove(volume);
        return e.Kind == SyncEventKind.VolumeWritten || e.Trigger == SyncTrigger.Initial || recovered;
    }

    private void WriteText(SyncEvent e)
    {
        var time = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var cause = e.Cause;
        switch (e.Kind)
        {
            case SyncEventKind.VolumeWritten:
                _output.WriteLine($"{time}  volume {e.Volume} written: ..data -> {e.DataDirectory}{cause}");
                break;
            case SyncEventKind.VolumeUnchanged:
                _output.WriteLine($"{time}  volume {e.Volume} unchanged: ..data -> {e.DataDirectory}{cause}");
                break;
            case SyncEventKind.VolumeFailed:
                _output.WriteLine($"{time}  volume {e.Volume} failed, keeps its contents: {e.Message}{cause}");
                break;
            case SyncEventKind.PodDeleted:
                _output.WriteLine($"{time}  pod {e.Pod} deleted{(e.Message is { } replaced ? " (" + replaced + ")" : string.Empty)}: the sync ends");
                break;
            default:
                if (e.Drift.Count == 0)
                {
                    _output.WriteLine($"{time}  no restart required any more{cause}");
                }

                foreach (var container in e.Drift)
                {
                    _output.WriteLine($"{time}  restart required: {Describe(container)}{cause}");
                }

                break;
        }
    }

    private static string Describe(EnvDriftResult drift)
    {
        var container = drift.Kind == Model.ContainerKind.Regular ? $"container {drift.ContainerName}" : $"container {drift.ContainerName} ({Kind(drift)})";
        return drift.RestartError is { } error
            ? $"{container} cannot start again: {error.Message}"
            : $"{container}: {string.Join(", ", drift.Changes.Select(c => c.Name + " " + Change(c)))}";
    }

    private void WriteJson(SyncEvent e) => JsonOutput.WriteLine(_output, _format, json =>
    {
        json.WriteStartObject();
        json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("pod", e.Pod);
        json.WriteString("event", e.Kind switch
        {
            SyncEventKind.VolumeWritten => "written",
            SyncEventKind.VolumeUnchanged => "unchanged",
            SyncEventKind.VolumeFailed => "failed",
            SyncEventKind.PodDeleted => "podDeleted",
            _ => "envDrift",
        });
        json.WriteString("volume", e.Volume);
        json.WriteString("path", e.Volume is { } volume ? _pathOf(volume) : null);
        json.WriteString("trigger", JsonNamingPolicy.CamelCase.ConvertName(e.Trigger.ToString()));
        json.WriteStartArray("changed");
        foreach (var changed in e.Changed)
        {
            json.WriteStringValue(changed.ToString());
        }

        json.WriteEndArray();
        json.WriteString("generation", e.DataDirectory);
        Failure.Write(json, e.Kind == SyncEventKind.VolumeFailed && e.Message is { } message ? new Failure(Failure.FailedMount, message) : null);
        if (e.Kind == SyncEventKind.EnvDrift)
        {
            WriteDrift(json, e.Drift);
        }

        json.WriteEndObject();
    });

    private static void WriteDrift(Utf8JsonWriter json, IReadOnlyList<EnvDriftResult> drift)
    {
        json.WriteStartArray("containers");
        foreach (var container in drift)
        {
            json.WriteStartObject();
            json.WriteString("name", container.ContainerName);
            json.WriteBoolean("init", container.Kind == Model.ContainerKind.Init);
            json.WriteString("kind", Kind(container));
            json.WriteBoolean("restartRequired", container.RestartRequired);
            json.WriteStartArray("changes");
            foreach (var change in container.Changes)
            {
                json.WriteStartObject();
                json.WriteString("name", change.Name);
                json.WriteString("change", Change(change));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            EnvCommand.WriteError(json, container.RestartError);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Kind(EnvDriftResult drift) => drift.Kind.ToString().ToLowerInvariant();

    private static string Change(EnvChange change) => change.Kind.ToString().ToLowerInvariant();
}
