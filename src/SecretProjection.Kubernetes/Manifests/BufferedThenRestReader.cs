namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// The text <see cref="BlockYamlParser"/> buffered but did not parse, then the rest of its reader: what YamlDotNet
/// reads after a fallback, so that nothing is read twice.
/// </summary>
internal sealed class BufferedThenRestReader(char[] text, int start, int length, TextReader? rest) : TextReader
{
    private int _position = start;

    public override int Peek() => _position < length ? text[_position] : rest?.Peek() ?? -1;

    public override int Read() => _position < length ? text[_position++] : rest?.Read() ?? -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (_position < length)
        {
            var n = Math.Min(buffer.Length, length - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return rest?.Read(buffer) ?? 0;
    }
}
