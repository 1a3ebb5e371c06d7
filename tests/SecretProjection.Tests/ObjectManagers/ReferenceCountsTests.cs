using SecretProjection.ObjectManagers;
using SecretProjection.Testing.Sources;
using SecretProjection.Testing.Time;
using static SecretProjection.Tests.ObjectManagers.ObjectManagerFixtures;

namespace SecretProjection.Tests.ObjectManagers;

public class ReferenceCountsTests
{
    // Upstream: TestRefMapHandlesReferencesCorrectly (watch_based_manager_test.go).
    [Theory]
    [InlineData("add,add,delete,delete", "1,2,1,0")]
    [InlineData("delete", "0")]
    [InlineData("add,delete,delete", "1,0,0")]
    public void References_count_per_pod_and_never_go_negative(string steps, string expected)
    {
        var counts = default(ReferenceCounts);
        var seen = new List<int>();
        foreach (var step in steps.Split(','))
        {
            if (step == "add")
            {
                counts.AddReference("pod1");
            }
            else
            {
                counts.RemoveReference("pod1");
            }

            seen.Add(counts.ReferencesOf("pod1"));
        }

        Assert.Equal(expected, string.Join(',', seen));
    }

    [Fact]
    public void Deleting_does_not_affect_other_objects_or_pods()
    {
        var counts = default(ReferenceCounts);
        counts.AddReference("pod1");
        Assert.False(counts.RemoveReference("pod2"));
        Assert.Equal(1, counts.ReferencesOf("pod1"));

        // Other objects and namespaces: the stores keep one count per object.
        using var manager = Manager(InMemoryObjectSource.ForSecrets(), new SimulatedClock(), ChangeDetectionStrategy.Cache);
        var store = (TtlObjectStore<SecretProjection.Model.Secret>)((CacheBasedManager<SecretProjection.Model.Secret>)manager).Store;
        store.AddReference("ns1", "secret1", "pod1");
        store.DeleteReference("ns1", "secret2", "pod1");
        store.DeleteReference("ns2", "secret1", "pod1");
        Assert.Equal(1, store.References("ns1", "secret1"));
    }

    [Fact]
    public void The_last_remove_leaves_the_object_unreferenced()
    {
        var counts = default(ReferenceCounts);
        counts.AddReference("a");
        counts.AddReference("b");
        counts.AddReference("a");
        Assert.Equal(3, counts.References);
        Assert.True(counts.RemoveReference("a"));
        Assert.True(counts.RemoveReference("a"));
        Assert.False(counts.RemoveReference("a"));
        Assert.False(counts.IsUnreferenced);
        Assert.True(counts.RemoveReference("b"));
        Assert.True(counts.IsUnreferenced);
        Assert.Equal(0, counts.References);
    }
}
