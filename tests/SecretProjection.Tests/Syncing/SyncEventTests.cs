using SecretProjection.Environment;
using SecretProjection.Model;
using SecretProjection.Sources;
using SecretProjection.Syncing;

namespace SecretProjection.Tests.Syncing;

public class SyncEventTests
{
    private static readonly SyncEvent Base = new()
    {
        Kind = SyncEventKind.VolumeWritten,
        Pod = "shop/web",
        Trigger = SyncTrigger.Change,
        Time = DateTimeOffset.UnixEpoch,
        Volume = "db",
        Changed = [new ObjectReference(ObjectKind.Secret, "shop", "db"), new ObjectReference(ObjectKind.ConfigMap, "shop", "settings")],
        DataDirectory = "..2026_01_01_00_00_00.1",
    };

    [Fact]
    public void Each_kind_is_one_line_for_people()
    {
        Assert.Equal("volume db written (..2026_01_01_00_00_00.1) after Secret shop/db, ConfigMap shop/settings changed", Base.ToString());
        Assert.Equal("volume db unchanged (periodic sync)", (Base with { Kind = SyncEventKind.VolumeUnchanged, Trigger = SyncTrigger.Periodic }).ToString());
        Assert.Equal("volume db failed: secret \"db\" not found (initial sync)", (Base with { Kind = SyncEventKind.VolumeFailed, Trigger = SyncTrigger.Initial, Message = "secret \"db\" not found" }).ToString());
    }

    [Fact]
    public void Drift_names_containers_and_variables_never_values()
    {
        var drift = Base with
        {
            Kind = SyncEventKind.EnvDrift,
            Volume = null,
            Trigger = SyncTrigger.Periodic,
            Drift =
            [
                new EnvDriftResult { ContainerName = "app", Kind = ContainerKind.Regular, Changes = [new EnvChange("DB_PASSWORD", EnvChangeKind.Changed), new EnvChange("OLD", EnvChangeKind.Removed)] },
                new EnvDriftResult { ContainerName = "init", Kind = ContainerKind.Init, Changes = [], RestartError = new ContainerStartError(EnvErrorKind.SecretNotFound, "secret \"db\" not found", "spec.initContainers[0].env[0]") },
            ],
        };

        Assert.Equal("restart required: app (DB_PASSWORD changed, OLD removed); init could not start again: secret \"db\" not found (periodic sync)", drift.ToString());
    }
}
