namespace SecretProjection.Testing.Volumes;

/// <summary>An inode of the simulation: permission bits and owners, and what kind of thing it is.</summary>
internal abstract class SimulatedNode
{
    public int Mode { get; set; }

    public long User { get; set; }

    public long Group { get; set; }

    public abstract SimulatedNode Clone();

    protected T CopyMetadataTo<T>(T node)
        where T : SimulatedNode
    {
        node.Mode = Mode;
        node.User = User;
        node.Group = Group;
        return node;
    }
}

/// <summary>A regular file.</summary>
internal sealed class SimulatedFile(byte[] data) : SimulatedNode
{
    public byte[] Data { get; } = data;

    public override SimulatedNode Clone() => CopyMetadataTo(new SimulatedFile(Data));
}

/// <summary>A symbolic link; its target is stored as given and resolved only when someone follows it.</summary>
internal sealed class SimulatedLink(string target) : SimulatedNode
{
    public string Target { get; } = target;

    public override SimulatedNode Clone() => CopyMetadataTo(new SimulatedLink(Target));
}

/// <summary>A directory: names in ordinal order.</summary>
internal sealed class SimulatedDirectory : SimulatedNode
{
    public SortedDictionary<string, SimulatedNode> Children { get; } = new(StringComparer.Ordinal);

    public override SimulatedNode Clone()
    {
        var copy = CopyMetadataTo(new SimulatedDirectory());
        foreach (var (name, child) in Children)
        {
            copy.Children.Add(name, child.Clone());
        }

        return copy;
    }
}
