using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace SecretProjection.Environment;

/// <summary>
/// The environment under construction: names in order of first definition, each with its latest value, and an
/// index by name that <c>$(NAME)</c> references read without allocating.
/// </summary>
internal sealed class EnvBuilder
{
    private readonly List<ResolvedEnvVar> _entries;
    private readonly Dictionary<string, int> _positions;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public EnvBuilder(int capacity)
    {
        _entries = new List<ResolvedEnvVar>(capacity);
        _positions = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _byName = _positions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The sum of the lengths of every value set so far, overwritten ones included.</summary>
    public long TotalLength { get; private set; }

    public void Set(string name, string value)
    {
        ref var position = ref CollectionsMarshal.GetValueRefOrAddDefault(_positions, name, out var exists);
        if (exists)
        {
            _entries[position] = new ResolvedEnvVar(_entries[position].Name, value);
        }
        else
        {
            position = _entries.Count;
            _entries.Add(new ResolvedEnvVar(name, value));
        }

        TotalLength += value.Length;
    }

    /// <summary>Empties the builder, keeping its storage.</summary>
    /// <returns>The number of variables it had room for.</returns>
    public int Clear()
    {
        var capacity = _entries.Capacity;
        _entries.Clear();
        _positions.Clear();
        TotalLength = 0;
        return capacity;
    }

    public Source AsSource() => new(this);

    public ResolvedEnvVar[] ToArray() => [.. _entries];

    internal readonly struct Source(EnvBuilder builder) : IVariableSource
    {
        public bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out string? value)
        {
            if (builder._byName.TryGetValue(name, out var position))
            {
                value = builder._entries[position].Value;
                return true;
            }

            value = null;
            return false;
        }
    }
}
