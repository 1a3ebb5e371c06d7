namespace SecretProjection.Projection;

/// <summary>Permission bits as people and the tool's JSON write them.</summary>
public static class OctalMode
{
    /// <summary>Formats permission bits as four octal digits: 420 → <c>0644</c>.</summary>
    /// <param name="mode">The bits.</param>
    /// <returns>The text.</returns>
    public static string Format(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');
}
