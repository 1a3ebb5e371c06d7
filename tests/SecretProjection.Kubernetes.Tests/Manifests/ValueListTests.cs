using System.Runtime.CompilerServices;
using SecretProjection.Kubernetes.Manifests;
using YamlDotNet.Core;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary><see cref="ValueList{T}"/>: events read back by position, and nothing of them kept once cleared.</summary>
public sealed class ValueListTests
{
    [Fact]
    public void Events_are_read_back_in_order_past_the_first_capacity()
    {
        var list = new ValueList<YamlEvent>();
        for (var i = 0; i < 200; i++)
        {
            list.Add(YamlEvent.Scalar(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false, new TextMark(i, 1, i + 1), new TextMark(i + 1, 1, i + 2)));
        }

        Assert.Equal(200, list.Count);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), list[i].Value);
            Assert.Equal(i, list[i].Start.Index);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => list[200]);
    }

    [Fact]
    public void A_cleared_list_keeps_no_value_alive()
    {
        // A scalar may be a Secret's data: a buffer kept for the next stream must not hold it.
        var list = new ValueList<YamlEvent>();
        var value = AddValue(list);

        list.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, list.Count);
        Assert.False(value.TryGetTarget(out _), "the cleared list still holds the value");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string> AddValue(ValueList<YamlEvent> list)
    {
        var value = new string('x', 40);
        list.Add(YamlEvent.Scalar(value, ScalarStyle.Plain, true, false, new TextMark(0, 1, 1), new TextMark(40, 1, 41)));
        return new WeakReference<string>(value);
    }
}
