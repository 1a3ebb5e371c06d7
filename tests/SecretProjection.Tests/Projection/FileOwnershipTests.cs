using SecretProjection.Projection;

namespace SecretProjection.Tests.Projection;

public class FileOwnershipTests
{
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
