using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.Kubernetes.Manifests;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Tests.Manifests;

/// <summary>
/// <see cref="ReaderScratch"/>: the buffers one stream gives back are the next stream's on the same thread, and what
/// the next one reads is what it would read with new buffers, after an input read whole, one that failed, one left
/// early, or one still being read.
/// </summary>
public class ReaderScratchTests
{
    private const string Application = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          selector:
            matchLabels:
              app: app
          template:
            metadata:
              labels:
                app: app
            spec:
              containers:
              - image: nginx
                name: nginx
        ---
        apiVersion: v1
        data:
          password: cGFzc3dvcmQ=
        kind: Secret
        metadata:
          name: app

        """;

    [Property(Arbitrary = [typeof(BlockYamlParserProperties)], MaxTest = 300)]
    public void A_parser_on_the_buffers_another_input_left_gives_the_events_of_a_new_one(string first, string second)
    {
        var scratch = new ReaderScratch();
        YamlEvents.Read(new BlockYamlParser(new StringReader(first), scratch));
        scratch.GiveBack();
        var kept = ReaderScratch.Take();

        var reused = YamlEvents.Read(new BlockYamlParser(new StringReader(second), kept));
        var fresh = YamlEvents.Read(new BlockYamlParser(new StringReader(second)));

        Assert.Equal(fresh.Events, reused.Events);
        Assert.Equal(fresh.Error, reused.Error);
    }

    [Fact]
    public void Buffers_given_back_hold_nothing_of_what_was_read()
    {
        var scratch = new ReaderScratch();
        YamlEvents.Read(new BlockYamlParser(new StringReader(Application), scratch));
        Assert.True(scratch.Events.Count > 0);

        scratch.GiveBack();

        Assert.All(scratch.Text, c => Assert.Equal('\0', c));
        Assert.Equal(0, scratch.Events.Count);
        Assert.Equal(0, scratch.LineStarts.Count);
        Assert.Equal(0, scratch.Top.Count + scratch.Item.Count + scratch.Node.Count);
    }

    [Property(MaxTest = 1000)]
    public void A_key_is_its_text(NonNull<string>[] keys)
    {
        var scratch = new ReaderScratch();
        foreach (var key in keys.Select(k => k.Get).Concat(keys.Select(k => k.Get)))
        {
            Assert.Equal(key, scratch.Key(key.AsSpan()));
        }
    }

    [Fact]
    public void A_key_read_again_is_the_same_string()
    {
        var scratch = new ReaderScratch();

        var first = scratch.Key("metadata".AsSpan());

        Assert.Same(first, scratch.Key("metadata".ToCharArray()));
    }

    [Fact]
    public void Streams_read_in_turn_on_one_thread_read_what_each_reads_alone()
    {
        var alone = Describe(OnNewThread(() => ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList()));

        var inTurn = OnNewThread(() => Enumerable.Range(0, 3).Select(_ => ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList()).ToList());

        Assert.All(inTurn, objects => Assert.Equal(alone, Describe(objects)));
    }

    [Fact]
    public void A_stream_after_one_that_failed_or_was_left_early_reads_what_it_reads_alone()
    {
        var alone = Describe(OnNewThread(() => ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList()));

        var after = OnNewThread(() =>
        {
            Assert.Throws<ManifestException>(() => ManifestReader.ReadObjects(new StringReader(Application + "a: [b\n"), "bad.yaml").ToList());
            var afterFailure = ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList();
            _ = ManifestReader.ReadObjects(new StringReader(Application + Application), "b.yaml").First();
            var afterLeft = ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList();
            return (afterFailure, afterLeft);
        });

        Assert.Equal(alone, Describe(after.afterFailure));
        Assert.Equal(alone, Describe(after.afterLeft));
    }

    [Fact]
    public void A_stream_read_while_another_is_half_read_does_not_share_its_buffers()
    {
        // check reads a pod's file again while the input's next file is being read.
        const string Other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";
        var alone = Describe(OnNewThread(() => ManifestReader.ReadObjects(new StringReader(Application), "a.yaml").ToList()));
        var otherAlone = Describe(OnNewThread(() => ManifestReader.ReadObjects(new StringReader(Other), "b.yaml").ToList()));

        var (outer, inner) = OnNewThread(() =>
        {
            _ = ManifestReader.ReadObjects(new StringReader(Other), "b.yaml").ToList(); // leaves its buffers to the thread
            var outer = new List<ManifestObject>();
            List<ManifestObject>? inner = null;
            foreach (var item in ManifestReader.ReadObjects(new StringReader(Application), "a.yaml"))
            {
                outer.Add(item);
                inner ??= ManifestReader.ReadObjects(new StringReader(Other), "b.yaml").ToList();
            }

            return (outer, inner!);
        });

        Assert.Equal(alone, Describe(outer));
        Assert.Equal(otherAlone, Describe(inner));
    }

    private static List<string> Describe(IEnumerable<ManifestObject> objects) =>
        [.. objects.Select(o => $"{o.Kind} {o.QualifiedName} {o.Source}:{o.Line} {o.Model?.GetType().Name} {Data(o.Model)} [{string.Join("; ", o.Warnings.Select(w => w.Message))}]")];

    private static string Data(object? model) => model switch
    {
        Secret s => string.Join(",", s.Data.Select(d => d.Key + "=" + Convert.ToBase64String(d.Value.Span))),
        Pod p => p.Name + ":" + string.Join(",", p.Containers.Select(c => c.Name + ":" + c.Image)),
        _ => string.Empty,
    };

    // A new thread has no buffers kept from other tests.
    private static T OnNewThread<T>(Func<T> read)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = read();
            }
#pragma warning disable CA1031 // rethrown on the test's thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("the read failed", failure);
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("Secret", true)]
    [InlineData("null", true)]
    [InlineData("v2", false)]
    [InlineData("cGFzc3dvcmQ=", false)]
    [InlineData("secret", false)]
    public void Known_values_are_shared_and_nothing_else_is_kept(string value, bool known)
    {
        var first = ReaderScratch.KnownValue(value.ToCharArray());
        var again = ReaderScratch.KnownValue(value.ToCharArray());
        Assert.Equal(known ? value : null, first);
        Assert.Same(first, again);
    }
}
