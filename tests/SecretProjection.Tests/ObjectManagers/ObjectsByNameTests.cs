using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecretProjection.ObjectManagers;

namespace SecretProjection.Tests.ObjectManagers;

/// <summary>
/// The stores' table, against a dictionary: any sequence of adds and removes over a few namespaces and names (so that
/// buckets collide and the table grows and shrinks back to empty) leaves it finding exactly what the dictionary holds.
/// </summary>
public sealed class ObjectsByNameTests
{
    [Property(MaxTest = 300)]
    public Property Finds_what_a_dictionary_holds_after_any_adds_and_removes() =>
        Prop.ForAll(Operations().ToArbitrary(), operations =>
        {
            var table = new ObjectsByName<Stored>();
            var model = new Dictionary<(string, string), Stored>();
            foreach (var (add, ns, name) in operations)
            {
                if (add && !model.ContainsKey((ns, name)))
                {
                    var item = new Stored(ns, name);
                    table.Add(item);
                    model[(ns, name)] = item;
                }
                else if (!add && model.Remove((ns, name), out var removed))
                {
                    Assert.True(table.Remove(removed));
                    Assert.False(table.Remove(removed));
                    Assert.Null(removed.NextByName);
                }

                Assert.Equal(model.Count, table.Count);
            }

            foreach (var ns in Namespaces)
            {
                foreach (var name in Names)
                {
                    var found = table.TryGetValue(ns, name, out var item);
                    Assert.Equal(model.TryGetValue((ns, name), out var expected), found);
                    Assert.Same(expected, item);
                }
            }

            Assert.Equal(model.Values.OrderBy(Key), table.Items.OrderBy(Key));
            table.Clear();
            Assert.Equal(0, table.Count);
            Assert.Empty(table.Items);
            Assert.All(model.Values, item => Assert.Null(item.NextByName));
        });

    [Fact]
    public void A_different_object_of_the_same_name_is_not_removed()
    {
        var table = new ObjectsByName<Stored>();
        var kept = new Stored("default", "db");
        table.Add(kept);

        Assert.False(table.Remove(new Stored("default", "db")));
        Assert.True(table.TryGetValue("default", "db", out var found));
        Assert.Same(kept, found);
    }

    private static readonly string[] Namespaces = ["default", "shop", "kube-system"];

    private static readonly string[] Names = [.. Enumerable.Range(0, 40).Select(i => "s" + i)];

    private static string Key(Stored item) => item.Namespace + "/" + item.Name;

    private static Gen<(bool Add, string Namespace, string Name)[]> Operations() =>
        (from add in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
         from ns in Gen.Elements(Namespaces)
         from name in Gen.Elements(Names)
         select (add, ns, name)).ArrayOf();

    private sealed class Stored(string @namespace, string name) : IStoredObject
    {
        private ReferenceCounts _references;

        public string Namespace { get; } = @namespace;

        public string Name { get; } = name;

        public IStoredObject? NextByName { get; set; }

        public ref ReferenceCounts References => ref _references;
    }
}
