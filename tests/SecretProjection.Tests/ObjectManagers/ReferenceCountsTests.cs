using SecretProjection.ObjectManagers;

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
        var counts = new ReferenceCounts();
        var seen = new List<int>();
        foreach (var step in steps.Split(','))
        {
            if (step == "add")
            {
                counts.Add("ns1", "secret1", "pod1");
            }
            else
            {
                counts.Remove("ns1", "secret1", "pod1");
            }

            seen.Add(counts.Count("ns1", "secret1", "pod1"));
        }

        Assert.Equal(expected, string.Join(',', seen));
    }

    [Fact]
    public void Deleting_does_not_affect_other_objects_or_pods()
    {
        var counts = new ReferenceCounts();
        counts.Add("ns1", "secret1", "pod1");
        Assert.False(counts.Remove("ns1", "secret1", "pod2"));
        Assert.False(counts.Remove("ns1", "secret2", "pod1"));
        Assert.False(counts.Remove("ns2", "secret1", "pod1"));
        Assert.Equal(1, counts.Count("ns1", "secret1", "pod1"));
    }

    [Fact]
    public void The_first_add_and_the_last_remove_are_reported()
    {
        var counts = new ReferenceCounts();
        Assert.True(counts.Add("ns", "s", "a"));
        Assert.False(counts.Add("ns", "s", "b"));
        Assert.False(counts.Add("ns", "s", "a"));
        Assert.False(counts.Remove("ns", "s", "a"));
        Assert.False(counts.Remove("ns", "s", "a"));
        Assert.True(counts.Remove("ns", "s", "b"));
        Assert.Equal(0, counts.Count("ns", "s"));
    }
}
