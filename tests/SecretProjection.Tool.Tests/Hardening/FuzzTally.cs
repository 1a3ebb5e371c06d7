namespace SecretProjection.Tool.Tests.Hardening;

/// <summary>The typed outcomes the fuzz properties met, counted across their parallel runs.</summary>
internal sealed class FuzzTally
{
    public long Inputs;
    public long Unreadable;
    public long FieldErrors;
    public long ContainersBlocked;
    public long PullErrors;
    public long VolumesFailed;
    public long VolumesWritten;
    public long WriteErrors;
    public long PayloadsRefused;
    public long PayloadsWritten;
    public long ToolRuns;

    public void Add(ref long counter, long amount = 1) => Interlocked.Add(ref counter, amount);

    public override string ToString() =>
        $"unreadable={Unreadable} field-errors={FieldErrors} containers-blocked={ContainersBlocked} pull-errors={PullErrors} "
        + $"volumes-failed={VolumesFailed} volumes-written={VolumesWritten} write-errors={WriteErrors} "
        + $"payloads-refused={PayloadsRefused} payloads-written={PayloadsWritten} tool-runs={ToolRuns}";
}
