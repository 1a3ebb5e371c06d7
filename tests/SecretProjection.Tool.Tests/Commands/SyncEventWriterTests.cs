using System.Text.Json;
using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Syncing;
using SecretProjection.Tool.Cli;
using SecretProjection.Tool.Commands;

namespace SecretProjection.Tool.Tests.Commands;

/// <summary>Which sync events are printed, and how, for people and as JSON Lines.</summary>
public sealed class SyncEventWriterTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 30, 9, 7, 52, 292, TimeSpan.Zero);
    private static readonly ObjectReference Db = new(ObjectKind.Secret, "shop", "db");

    [Fact]
    public void Prints_writes_failures_and_drift_but_an_unchanged_volume_only_at_the_start_and_after_a_failure()
    {
        var (writer, output) = Writer(json: false);

        Assert.True(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Initial)));
        Assert.False(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic)));
        Assert.False(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Change) with { Changed = [Db] }));
        Assert.True(writer.Write(Volume(SyncEventKind.VolumeWritten, SyncTrigger.Change) with { Changed = [Db] }));
        Assert.True(writer.Write(Volume(SyncEventKind.VolumeFailed, SyncTrigger.Periodic) with { DataDirectory = null, Message = "secret \"db\" not found" }));
        Assert.True(writer.Write(Volume(SyncEventKind.VolumeFailed, SyncTrigger.Retry) with { DataDirectory = null, Message = "secret \"db\" not found" }));
        Assert.False(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic) with { Volume = "other" }));
        Assert.True(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Retry)));
        Assert.False(writer.Write(Volume(SyncEventKind.VolumeUnchanged, SyncTrigger.Periodic)));

        Assert.Equal(
            [
                "2026-11-30T09:07:52.292Z  volume db unchanged: ..data -> ..2026_11_30_09_07_52.1 (initial sync)",
                "2026-11-30T09:07:52.292Z  volume db written: ..data -> ..2026_11_30_09_07_52.1 after Secret shop/db changed",
                "2026-11-30T09:07:52.292Z  volume db failed, keeps its contents: secret \"db\" not found (periodic sync)",
                "2026-11-30T09:07:52.292Z  volume db failed, keeps its contents: secret \"db\" not found (retry)",
                "2026-11-30T09:07:52.292Z  volume db unchanged: ..data -> ..2026_11_30_09_07_52.1 (retry)",
            ],
            Lines(output));
    }

    [Fact]
    public void Says_restart_required_once_per_drifted_container()
    {
        var (writer, output) = Writer(json: false);

        writer.Write(Drift(
            new EnvDriftResult { ContainerName = "app", Kind = ContainerKind.Regular, Changes = [new("DB_PASSWORD", EnvChangeKind.Changed), new("NEW", EnvChangeKind.Added)] },
            new EnvDriftResult { ContainerName = "migrate", Kind = ContainerKind.Init, Changes = [], RestartError = new(EnvErrorKind.SecretNotFound, "secret \"db\" not found", "spec.initContainers[0].env[0]") }));
        writer.Write(Drift() with { Trigger = SyncTrigger.Periodic, Changed = [] });

        Assert.Equal(
            [
                "2026-11-30T09:07:52.292Z  restart required: container app: DB_PASSWORD changed, NEW added after Secret shop/db changed",
                "2026-11-30T09:07:52.292Z  restart required: container migrate (init) cannot start again: secret \"db\" not found after Secret shop/db changed",
                "2026-11-30T09:07:52.292Z  no restart required any more (periodic sync)",
            ],
            Lines(output));
    }

    [Fact]
    public void Lines_for_people_escape_control_characters_in_names_and_messages()
    {
        var (writer, output) = Writer(json: false);

        writer.Write(Volume(SyncEventKind.VolumeFailed, SyncTrigger.Retry) with { Volume = "db\u001b[2J", DataDirectory = null, Message = "refused\nforged line" });

        Assert.Equal(
            ["2026-11-30T09:07:52.292Z  volume db\\u001b[2J failed, keeps its contents: refused\\nforged line (retry)"],
            Lines(output));
    }

    [Fact]
    public void Json_lines_hold_one_object_each_with_the_same_fields()
    {
        var (writer, output) = Writer(json: true);

        writer.Write(Volume(SyncEventKind.VolumeWritten, SyncTrigger.Change) with { Changed = [Db] });
        writer.Write(Volume(SyncEventKind.VolumeFailed, SyncTrigger.Retry) with { DataDirectory = null, Message = "secret \"db\" not found" });
        writer.Write(Drift(new EnvDriftResult { ContainerName = "app", Kind = ContainerKind.Regular, Changes = [new("DB_PASSWORD", EnvChangeKind.Changed)] }));

        var lines = Lines(output);
        Assert.Equal(
            """{"time":"2026-11-30T09:07:52.292000Z","pod":"shop/web","event":"written","volume":"db","path":"/volumes/db","trigger":"change","changed":["Secret shop/db"],"generation":"..2026_11_30_09_07_52.1","error":null}""",
            lines[0]);
        Assert.Equal(
            """{"time":"2026-11-30T09:07:52.292000Z","pod":"shop/web","event":"failed","volume":"db","path":"/volumes/db","trigger":"retry","changed":[],"generation":null,"error":{"reason":"FailedMount","message":"secret \"db\" not found"}}""",
            lines[1]);
        Assert.Equal(
            """{"time":"2026-11-30T09:07:52.292000Z","pod":"shop/web","event":"envDrift","volume":null,"path":null,"trigger":"change","changed":["Secret shop/db"],"generation":null,"error":null,"containers":[{"name":"app","init":false,"kind":"regular","restartRequired":true,"changes":[{"name":"DB_PASSWORD","change":"changed"}],"error":null}]}""",
            lines[2]);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }

    private static (SyncEventWriter Writer, StringWriter Output) Writer(bool json)
    {
        var output = new StringWriter();
        return (new SyncEventWriter(output, json ? OutputFormat.Json : OutputFormat.Table, volume => "/volumes/" + volume), output);
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(System.Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static SyncEvent Volume(SyncEventKind kind, SyncTrigger trigger) => new()
    {
        Kind = kind,
        Pod = "shop/web",
        Trigger = trigger,
        Time = Time,
        Volume = "db",
        DataDirectory = "..2026_11_30_09_07_52.1",
    };

    private static SyncEvent Drift(params EnvDriftResult[] drift) => new()
    {
        Kind = SyncEventKind.EnvDrift,
        Pod = "shop/web",
        Trigger = SyncTrigger.Change,
        Time = Time,
        Changed = [Db],
        Drift = drift,
    };
}
