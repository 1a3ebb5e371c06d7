using SecretProjection.Projection;

namespace SecretProjection.Tests.Projection;

public class FileOwnershipTests
{
    // volume_linux.go changeFilePermission: a file of a read-only volume gets mode | 0440.
    [Theory]
    [InlineData(0x100, 0x120)] // 0400 -> 0440 (kubernetes/kubernetes#57923)
    [InlineData(0x180, 0x1A0)] // 0600 -> 0640
    [InlineData(0x1A4, 0x1A4)] // 0644 stays
    [InlineData(0x000, 0x120)] // 0000 -> 0440
    [InlineData(0x1C0, 0x1E0)] // 0700 -> 0740: no execute bit is added to files
    [InlineData(0x1FF, 0x1FF)] // 0777 stays
    public void FsGroup_adds_group_and_owner_read(int mode, int effective)
    {
        Assert.Equal(effective, FileOwnership.EffectiveMode(mode, fsGroup: 2000));
        Assert.Equal(mode, FileOwnership.EffectiveMode(mode, fsGroup: null));
    }

    [Theory]
    [InlineData(0x100, 0, 0, 1000, 0, null, false)]  // 0400 root:root, uid 1000
    [InlineData(0x100, 1000, 0, 1000, 0, null, true)] // 0400 owned by the user
    [InlineData(0x120, 0, 2000, 1000, 0, 2000L, true)] // 0440 root:fsGroup, process in fsGroup
    [InlineData(0x120, 0, 3000, 1000, 3000, null, true)] // group is the primary group
    [InlineData(0x104, 0, 0, 1000, 5, null, true)]   // world-readable
    [InlineData(0x104, 0, 0, 1000, 0, null, false)]  // the group bits decide for a member of the group
    [InlineData(0x004, 1000, 0, 1000, 0, null, false)] // the owner bits decide for the owner
    [InlineData(0x000, 0, 0, 0, 0, null, true)]       // root reads anything
    public void Readability_follows_owner_then_group_then_other(int mode, long owner, long group, long uid, long gid, long? fsGroup, bool readable) =>
        Assert.Equal(readable, FileOwnership.CanRead(mode, owner, group, uid, gid, fsGroup));
}
