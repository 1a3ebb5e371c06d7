using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SecretProjection.Environment;

/// <summary>
/// The kubelet's <c>$(VAR)</c> expansion (<c>third_party/forked/golang/expansion</c>): <c>$(NAME)</c> becomes the
/// variable's value, <c>$$</c> becomes <c>$</c>, a reference to an undefined name and an unterminated
/// <c>$(</c> stay as written, and a <c>$</c> before any other character is kept with it. Values are not expanded
/// again.
/// </summary>
internal static class EnvExpansion
{
    private const char Operator = '$';
    private const char Opener = '(';
    private const char Closer = ')';

    /// <summary>Expands the references in <paramref name="input"/>.</summary>
    /// <param name="input">The text, such as an <c>env[].value</c>.</param>
    /// <param name="mapping">The value of a name, or <see langword="null"/> when the name is undefined.</param>
    /// <returns>The expanded text; <paramref name="input"/> itself when it holds no <c>$</c>.</returns>
    public static string Expand(string input, Func<string, string?> mapping)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mapping);
        return Expand(input, new FuncSource(mapping), int.MaxValue)!;
    }

    /// <summary>
    /// Expands the references in <paramref name="input"/>, or returns <see langword="null"/> when the result
    /// would be longer than <paramref name="maxLength"/> characters.
    /// </summary>
    internal static string? Expand<TSource>(string input, TSource source, int maxLength)
        where TSource : IVariableSource
    {
        var cursor = input.IndexOf(Operator);
        if (cursor < 0)
        {
            return input;
        }

        var output = new DefaultInterpolatedStringHandler(0, 0, null, stackalloc char[256]);
        long length = 0;
        var checkpoint = 0;

        // The index of the first ')' at or after the last search start, or -1 when there is none: searches only
        // move forward, so remembering it keeps inputs such as "$($($(..." linear.
        var nextCloser = -2;
        for (; cursor < input.Length; cursor++)
        {
            if (input[cursor] != Operator || cursor + 1 >= input.Length)
            {
                continue;
            }

            Append(ref output, input.AsSpan(checkpoint, cursor - checkpoint), ref length);
            var next = input[cursor + 1];
            var advance = 1;
            if (next == Operator)
            {
                Append(ref output, "$", ref length);
            }
            else if (next == Opener)
            {
                if (nextCloser != -1 && nextCloser < cursor + 2)
                {
                    nextCloser = input.IndexOf(Closer, cursor + 2);
                }

                if (nextCloser < 0)
                {
                    Append(ref output, "$(", ref length);
                }
                else
                {
                    var name = input.AsSpan(cursor + 2, nextCloser - cursor - 2);
                    Append(ref output, source.TryGet(name, out var value) ? value : input.AsSpan(cursor, nextCloser - cursor + 1), ref length);
                    advance = nextCloser - cursor;
                }
            }
            else
            {
                Append(ref output, input.AsSpan(cursor, 2), ref length);
            }

            if (length > maxLength)
            {
                output.ToStringAndClear();
                return null;
            }

            cursor += advance;
            checkpoint = cursor + 1;
        }

        Append(ref output, input.AsSpan(checkpoint), ref length);
        if (length > maxLength)
        {
            output.ToStringAndClear();
            return null;
        }

        return output.ToStringAndClear();
    }

    private static void Append(ref DefaultInterpolatedStringHandler output, ReadOnlySpan<char> text, ref long length)
    {
        output.AppendFormatted(text);
        length += text.Length;
    }

    private readonly struct FuncSource(Func<string, string?> mapping) : IVariableSource
    {
        public bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out string? value)
        {
            value = mapping(name.ToString());
            return value is not null;
        }
    }
}
