namespace SecretProjection.Text;

/// <summary>Go's <c>path.Clean</c> (which <c>filepath.Clean</c> is on Linux).</summary>
internal static class GoPath
{
    /// <summary>
    /// The shortest equivalent path: repeated slashes and <c>.</c> elements dropped, each <c>..</c> with the element
    /// before it, a <c>..</c> at the root dropped; <c>.</c> for an empty result.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <returns>The clean path.</returns>
    public static string Clean(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rooted = path.StartsWith('/');
        var elements = new List<string>();
        foreach (var element in path.Split('/'))
        {
            if (element.Length == 0 || element == ".")
            {
                continue;
            }

            if (element != "..")
            {
                elements.Add(element);
            }
            else if (elements.Count > 0 && elements[^1] != "..")
            {
                elements.RemoveAt(elements.Count - 1);
            }
            else if (!rooted)
            {
                elements.Add(element);
            }
        }

        var joined = string.Join('/', elements);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
