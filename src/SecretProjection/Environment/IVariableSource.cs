using System.Diagnostics.CodeAnalysis;

namespace SecretProjection.Environment;

/// <summary>The variables a <c>$(NAME)</c> reference may name, looked up without allocating the name.</summary>
internal interface IVariableSource
{
    bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out string? value);
}
